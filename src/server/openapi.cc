#include "server/openapi.h"

namespace embargo::server {
namespace {

using nlohmann::json;

json Param(const char* name, const char* in, const char* type, const char* description,
           bool required = false) {
  return {{"name", name},
          {"in", in},
          {"required", required},
          {"description", description},
          {"schema", {{"type", type}}}};
}

json Ref(const char* name) { return {{"$ref", std::string("#/components/schemas/") + name}}; }

json JsonContent(const json& schema) { return {{"application/json", {{"schema", schema}}}}; }

json Answer(const char* description, const json& schema) {
  return {{"description", description}, {"content", JsonContent(schema)}};
}

}  // namespace

json OpenApiDocument(const std::string& version) {
  json error = Answer("Error", Ref("ErrorResponse"));
  json dataset = Param("dataset", "path", "string",
                       "\"default\" (every loaded list) or one dataset name from /catalog", true);
  json doc;
  doc["openapi"] = "3.0.3";
  doc["info"] = {{"title", "embargo"},
                 {"version", version},
                 {"description",
                  "Sanctions screening. /match, /search, /entities, /catalog, /algorithms, "
                  "/healthz and /readyz follow OpenSanctions yente, so its clients work "
                  "unchanged; /scan, /alerts, /metrics and /admin/reload are embargo's own. "
                  "/match and /search take ?as_of=YYYY-MM-DD to screen against the lists as "
                  "they stood that day; every answer names the list versions in \"lists\"."}};
  json as_of = Param("as_of", "query", "string",
                     "YYYY-MM-DD: screen against the lists in force that day (version store "
                     "of the data folder); 400 malformed, 404 no version by then");
  json user = Param("X-Embargo-User", "header", "string",
                    "the acting user (`embargo users add`); or \"user\" in the body");
  json alert_id = Param("id", "path", "integer", "alert id", true);
  json& paths = doc["paths"];
  paths["/match/{dataset}"]["post"] = {
      {"summary", "Query-by-example matching of up to 100 entities"},
      {"parameters",
       {dataset, Param("limit", "query", "integer", "results per query (default 5)"),
        Param("threshold", "query", "number", "score from which a result is a match (0.7)"),
        Param("cutoff", "query", "number", "lowest score returned at all (0.5)"),
        Param("algorithm", "query", "string", "accepted for compatibility; always embargo-v1"),
        Param("include_dataset", "query", "string", "only these datasets (repeatable)"),
        Param("exclude_dataset", "query", "string", "not these datasets (repeatable)"),
        Param("exclude_schema", "query", "string", "not these schemata (repeatable)"),
        Param("exclude_entity_ids", "query", "string", "not these entity ids (repeatable, 50)"),
        as_of}},
      {"requestBody", {{"required", true}, {"content", JsonContent(Ref("MatchRequest"))}}},
      {"responses",
       {{"200", Answer("One response per query key", Ref("MatchResponse"))},
        {"400", error},
        {"404", error},
        {"422", error}}}};
  paths["/search/{dataset}"]["get"] = {
      {"summary", "Search by one name"},
      {"parameters",
       {dataset, Param("q", "query", "string", "the name to look for"),
        Param("schema", "query", "string", "Thing (default), Person, Organization, ..."),
        Param("countries", "query", "string", "only entities tied to these countries"),
        Param("limit", "query", "integer", "default 10"),
        Param("offset", "query", "integer", "default 0"), as_of}},
      {"responses",
       {{"200", Answer("Results", Ref("SearchResponse"))}, {"400", error}, {"404", error}}}};
  paths["/entities/{id}"]["get"] = {
      {"summary", "One listed entity in FollowTheMoney form"},
      {"parameters", {Param("id", "path", "string", "entity id, e.g. ofac-35096", true)}},
      {"responses", {{"200", Answer("The entity", Ref("Entity"))}, {"404", error}}}};
  paths["/catalog"]["get"] = {{"summary", "Loaded lists and their versions"},
                              {"responses", {{"200", Answer("Catalog", {{"type", "object"}})}}}};
  paths["/algorithms"]["get"] = {
      {"summary", "The scoring algorithm and its features"},
      {"responses", {{"200", Answer("Algorithms", {{"type", "object"}})}}}};
  paths["/scan"]["post"] = {
      {"summary", "Find listed names in text, HTML, PDF or payment messages"},
      {"requestBody",
       {{"required", true},
        {"content",
         {{"application/json",
           {{"schema",
             {{"type", "object"},
              {"properties",
               {{"text", {{"type", "string"}}},
                {"format", {{"type", "string"}, {"enum", {"auto", "text", "html", "pdf"}}}},
                {"payment",
                 {{"type", "string"},
                  {"description", "SWIFT MT103/MT202 or ISO 20022 pacs.008/pain.001"}}},
                {"threshold", {{"type", "number"}}}}}}}}},
          {"text/plain", json::object()},
          {"text/html", json::object()},
          {"application/pdf", json::object()}}}}},
      {"responses",
       {{"200",
         Answer("Mentions with offsets, or one result per payment message", {{"type", "object"}})},
        {"415", error},
        {"422", error}}}};
  paths["/alerts"]["get"] = {
      {"summary", "The alert queue of monitoring, newest first"},
      {"parameters",
       {Param("status", "query", "string",
              "open, escalated, pending (pending_approval) or decided; default all"),
        Param("limit", "query", "integer", "default 100, at most 1000"),
        Param("offset", "query", "integer", "default 0")}},
      {"responses",
       {{"200", Answer("Alerts", {{"type", "object"},
                                  {"properties",
                                   {{"alerts", {{"type", "array"}, {"items", Ref("Alert")}}},
                                    {"total", {{"type", "integer"}}},
                                    {"limit", {{"type", "integer"}}},
                                    {"offset", {{"type", "integer"}}}}}})},
        {"400", error},
        {"404", error}}}};
  paths["/alerts/{id}"]["get"] = {
      {"summary", "One alert with its explanation, changes and latest decision"},
      {"parameters", {alert_id}},
      {"responses", {{"200", Answer("The alert", Ref("Alert"))}, {"404", error}}}};
  paths["/alerts/{id}/decision"]["post"] = {
      {"summary",
       "Decide an open or escalated alert (true_match and whitelisting wait for a supervisor); "
       "written to the audit log"},
      {"parameters", {alert_id, user}},
      {"requestBody", {{"required", true}, {"content", JsonContent(Ref("DecisionRequest"))}}},
      {"responses",
       {{"200", Answer("The alert after the decision", Ref("Alert"))},
        {"400", error},
        {"403", Answer("Unknown user", Ref("ErrorResponse"))},
        {"404", error},
        {"409", Answer("The alert is not open (decided already)", Ref("ErrorResponse"))},
        {"422", error}}}};
  paths["/alerts/{id}/approve"]["post"] = {
      {"summary", "Four eyes: a supervisor other than the decider approves a pending decision"},
      {"parameters", {alert_id, user}},
      {"requestBody",
       {{"required", false},
        {"content",
         JsonContent({{"type", "object"}, {"properties", {{"user", {{"type", "string"}}}}}})}}},
      {"responses",
       {{"200", Answer("The alert, decided", Ref("Alert"))},
        {"400", error},
        {"403", Answer("Not a supervisor, unknown, or the decider", Ref("ErrorResponse"))},
        {"404", error},
        {"409", Answer("No decision waits for approval", Ref("ErrorResponse"))}}}};
  paths["/healthz"]["get"] = {{"summary", "The process is alive"},
                              {"responses", {{"200", Answer("ok", {{"type", "object"}})}}}};
  paths["/readyz"]["get"] = {
      {"summary", "Lists are loaded; status \"stale\" when the last reload failed"},
      {"responses", {{"200", Answer("ready", {{"type", "object"}})}, {"503", error}}}};
  paths["/metrics"]["get"] = {
      {"summary", "Prometheus metrics"},
      {"responses", {{"200", {{"description", "text/plain; version=0.0.4"}}}}}};
  paths["/admin/reload"]["post"] = {
      {"summary", "Reload the lists from the data folder and swap them in"},
      {"responses", {{"200", Answer("reloaded", {{"type", "object"}})}, {"500", error}}}};

  json& schemas = doc["components"]["schemas"];
  json lists = {
      {"type", "array"},
      {"items",
       {{"type", "object"},
        {"properties", {{"dataset", {{"type", "string"}}}, {"version", {{"type", "string"}}}}}}}};
  schemas["ErrorResponse"] = {{"type", "object"},
                              {"properties", {{"detail", {{"type", "string"}}}}}};
  schemas["Entity"] = {
      {"type", "object"},
      {"properties",
       {{"id", {{"type", "string"}}},
        {"caption", {{"type", "string"}}},
        {"schema", {{"type", "string"}}},
        {"properties",
         {{"type", "object"},
          {"additionalProperties", {{"type", "array"}, {"items", {{"type", "string"}}}}}}},
        {"datasets", {{"type", "array"}, {"items", {{"type", "string"}}}}}}}};
  schemas["ScoredEntity"] = {{"allOf",
                              {Ref("Entity"),
                               {{"type", "object"},
                                {"properties",
                                 {{"score", {{"type", "number"}}},
                                  {"match", {{"type", "boolean"}}},
                                  {"features", {{"type", "object"}}},
                                  {"explanations", {{"type", "object"}}}}}}}}};
  json total = {
      {"type", "object"},
      {"properties", {{"value", {{"type", "integer"}}}, {"relation", {{"type", "string"}}}}}};
  schemas["MatchRequest"] = {
      {"type", "object"},
      {"required", {"queries"}},
      {"properties",
       {{"queries",
         {{"type", "object"},
          {"additionalProperties",
           {{"type", "object"},
            {"properties",
             {{"schema", {{"type", "string"}}}, {"properties", {{"type", "object"}}}}}}}}}}}};
  schemas["MatchResponse"] = {
      {"type", "object"},
      {"properties",
       {{"responses",
         {{"type", "object"},
          {"additionalProperties",
           {{"type", "object"},
            {"properties",
             {{"status", {{"type", "integer"}}},
              {"results", {{"type", "array"}, {"items", Ref("ScoredEntity")}}},
              {"total", total},
              {"query", {{"type", "object"}}}}}}}}},
        {"matcher", {{"type", "object"}}},
        {"limit", {{"type", "integer"}}},
        {"lists", lists},
        {"as_of", {{"type", "string"}}}}}};
  schemas["Alert"] = {
      {"type", "object"},
      {"properties",
       {{"id", {{"type", "integer"}}},
        {"status",
         {{"type", "string"}, {"enum", {"open", "escalated", "pending_approval", "decided"}}}},
        {"customer", {{"type", "string"}}},
        {"customer_name", {{"type", "string"}}},
        {"entity", {{"type", "string"}}},
        {"caption", {{"type", "string"}}},
        {"dataset", {{"type", "string"}}},
        {"list_version", {{"type", "string"}}},
        {"score", {{"type", "number"}}},
        {"created_at", {{"type", "string"}}},
        {"explanation", {{"type", "object"}}},
        {"changes",
         {{"type", "object"},
          {"nullable", true},
          {"description", "raised again after a change: {customer: [...], entity: [...]}"}}},
        {"decision", {{"type", "string"}, {"nullable", true}}},
        {"decided_by", {{"type", "string"}}},
        {"comment", {{"type", "string"}}},
        {"decided_at", {{"type", "string"}}},
        {"approved_by", {{"type", "string"}}},
        {"approved_at", {{"type", "string"}}},
        {"whitelisted", {{"type", "boolean"}}}}}};
  schemas["DecisionRequest"] = {
      {"type", "object"},
      {"required", {"decision", "comment"}},
      {"properties",
       {{"decision", {{"type", "string"}, {"enum", {"true_match", "false_positive", "escalate"}}}},
        {"comment", {{"type", "string"}}},
        {"whitelist",
         {{"type", "boolean"},
          {"description", "with false_positive: never alert on this pair again (four eyes)"}}},
        {"user", {{"type", "string"}}}}}};
  schemas["SearchResponse"] = {{"type", "object"},
                               {"properties",
                                {{"results", {{"type", "array"}, {"items", Ref("ScoredEntity")}}},
                                 {"total", total},
                                 {"limit", {{"type", "integer"}}},
                                 {"offset", {{"type", "integer"}}},
                                 {"lists", lists},
                                 {"as_of", {{"type", "string"}}}}}};
  return doc;
}

}  // namespace embargo::server
