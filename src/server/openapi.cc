// The OpenAPI document is kept as JSON text: parsed on first use, it costs the build
// nothing, where the same document written as nlohmann initializer lists was the slowest
// file of the project to compile (18 s, 44 s under the sanitizers).
#include "server/openapi.h"

namespace embargo::server {
namespace {

// "@VERSION@" in info.version is replaced by the engine's version.
constexpr const char kDocument[] = R"json({
 "components": {
  "schemas": {
   "Alert": {
    "properties": {
     "approved_at": {
      "type": "string"
     },
     "approved_by": {
      "type": "string"
     },
     "caption": {
      "type": "string"
     },
     "changes": {
      "description": "raised again after a change: {customer: [...], entity: [...]}",
      "nullable": true,
      "type": "object"
     },
     "comment": {
      "type": "string"
     },
     "created_at": {
      "type": "string"
     },
     "customer": {
      "type": "string"
     },
     "customer_name": {
      "type": "string"
     },
     "dataset": {
      "type": "string"
     },
     "decided_at": {
      "type": "string"
     },
     "decided_by": {
      "type": "string"
     },
     "decision": {
      "nullable": true,
      "type": "string"
     },
     "entity": {
      "type": "string"
     },
     "explanation": {
      "type": "object"
     },
     "id": {
      "type": "integer"
     },
     "list_version": {
      "type": "string"
     },
     "score": {
      "type": "number"
     },
     "status": {
      "enum": [
       "open",
       "escalated",
       "pending_approval",
       "decided"
      ],
      "type": "string"
     },
     "whitelisted": {
      "type": "boolean"
     }
    },
    "type": "object"
   },
   "DecisionRequest": {
    "properties": {
     "comment": {
      "type": "string"
     },
     "decision": {
      "enum": [
       "true_match",
       "false_positive",
       "escalate"
      ],
      "type": "string"
     },
     "user": {
      "type": "string"
     },
     "whitelist": {
      "description": "with false_positive: never alert on this pair again (four eyes)",
      "type": "boolean"
     }
    },
    "required": [
     "decision",
     "comment"
    ],
    "type": "object"
   },
   "Entity": {
    "properties": {
     "caption": {
      "type": "string"
     },
     "datasets": {
      "items": {
       "type": "string"
      },
      "type": "array"
     },
     "id": {
      "type": "string"
     },
     "properties": {
      "additionalProperties": {
       "items": {
        "type": "string"
       },
       "type": "array"
      },
      "type": "object"
     },
     "schema": {
      "type": "string"
     }
    },
    "type": "object"
   },
   "ErrorResponse": {
    "properties": {
     "detail": {
      "type": "string"
     }
    },
    "type": "object"
   },
   "MatchRequest": {
    "properties": {
     "queries": {
      "additionalProperties": {
       "properties": {
        "properties": {
         "type": "object"
        },
        "schema": {
         "type": "string"
        }
       },
       "type": "object"
      },
      "type": "object"
     }
    },
    "required": [
     "queries"
    ],
    "type": "object"
   },
   "MatchResponse": {
    "properties": {
     "as_of": {
      "type": "string"
     },
     "limit": {
      "type": "integer"
     },
     "lists": {
      "items": {
       "properties": {
        "dataset": {
         "type": "string"
        },
        "version": {
         "type": "string"
        }
       },
       "type": "object"
      },
      "type": "array"
     },
     "matcher": {
      "type": "object"
     },
     "responses": {
      "additionalProperties": {
       "properties": {
        "query": {
         "type": "object"
        },
        "results": {
         "items": {
          "$ref": "#/components/schemas/ScoredEntity"
         },
         "type": "array"
        },
        "status": {
         "type": "integer"
        },
        "total": {
         "properties": {
          "relation": {
           "type": "string"
          },
          "value": {
           "type": "integer"
          }
         },
         "type": "object"
        }
       },
       "type": "object"
      },
      "type": "object"
     }
    },
    "type": "object"
   },
   "ScoredEntity": {
    "allOf": [
     {
      "$ref": "#/components/schemas/Entity"
     },
     {
      "properties": {
       "explanations": {
        "type": "object"
       },
       "features": {
        "type": "object"
       },
       "match": {
        "type": "boolean"
       },
       "score": {
        "type": "number"
       }
      },
      "type": "object"
     }
    ]
   },
   "SearchResponse": {
    "properties": {
     "as_of": {
      "type": "string"
     },
     "limit": {
      "type": "integer"
     },
     "lists": {
      "items": {
       "properties": {
        "dataset": {
         "type": "string"
        },
        "version": {
         "type": "string"
        }
       },
       "type": "object"
      },
      "type": "array"
     },
     "offset": {
      "type": "integer"
     },
     "results": {
      "items": {
       "$ref": "#/components/schemas/ScoredEntity"
      },
      "type": "array"
     },
     "total": {
      "properties": {
       "relation": {
        "type": "string"
       },
       "value": {
        "type": "integer"
       }
      },
      "type": "object"
     }
    },
    "type": "object"
   }
  }
 },
 "info": {
  "description": "Sanctions screening. /match, /search, /entities, /catalog, /algorithms, /healthz and /readyz follow OpenSanctions yente, so its clients work unchanged; /scan, /alerts, /metrics and /admin/reload are embargo's own. /match and /search take ?as_of=YYYY-MM-DD to screen against the lists as they stood that day; every answer names the list versions in \"lists\".",
  "title": "embargo",
  "version": "@VERSION@"
 },
 "openapi": "3.0.3",
 "paths": {
  "/admin/reload": {
   "post": {
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      },
      "description": "reloaded"
     },
     "500": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ErrorResponse"
        }
       }
      },
      "description": "Error"
     }
    },
    "summary": "Reload the lists from the data folder and swap them in"
   }
  },
  "/alerts": {
   "get": {
    "parameters": [
     {
      "description": "open, escalated, pending (pending_approval) or decided; default all",
      "in": "query",
      "name": "status",
      "required": false,
      "schema": {
       "type": "string"
      }
     },
     {
      "description": "default 100, at most 1000",
      "in": "query",
      "name": "limit",
      "required": false,
      "schema": {
       "type": "integer"
      }
     },
     {
      "description": "default 0",
      "in": "query",
      "name": "offset",
      "required": false,
      "schema": {
       "type": "integer"
      }
     }
    ],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "properties": {
          "alerts": {
           "items": {
            "$ref": "#/components/schemas/Alert"
           },
           "type": "array"
          },
          "limit": {
           "type": "integer"
          },
          "offset": {
           "type": "integer"
          },
          "total": {
           "type": "integer"
          }
         },
         "type": "object"
        }
       }
      },
      "description": "Alerts"
     },
     "400": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ErrorResponse"
        }
       }
      },
      "description": "Error"
     },
     "404": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ErrorResponse"
        }
       }
      },
      "description": "Error"
     }
    },
    "summary": "The alert queue of monitoring, newest first"
   }
  },
  "/alerts/{id}": {
   "get": {
    "parameters": [
     {
      "description": "alert id",
      "in": "path",
      "name": "id",
      "required": true,
      "schema": {
       "type": "integer"
      }
     }
    ],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Alert"
        }
       }
      },
      "description": "The alert"
     },
     "404": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ErrorResponse"
        }
       }
      },
      "description": "Error"
     }
    },
    "summary": "One alert with its explanation, changes and latest decision"
   }
  },
  "/alerts/{id}/approve": {
   "post": {
    "parameters": [
     {
      "description": "alert id",
      "in": "path",
      "name": "id",
      "required": true,
      "schema": {
       "type": "integer"
      }
     },
     {
      "description": "the acting user (`embargo users add`); or \"user\" in the body",
      "in": "header",
      "name": "X-Embargo-User",
      "required": false,
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "content": {
      "application/json": {
       "schema": {
        "properties": {
         "user": {
          "type": "string"
         }
        },
        "type": "object"
       }
      }
     },
     "required": false
    },
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Alert"
        }
       }
      },
      "description": "The alert, decided"
     },
     "400": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ErrorResponse"
        }
       }
      },
      "description": "Error"
     },
     "403": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ErrorResponse"
        }
       }
      },
      "description": "Not a supervisor, unknown, or the decider"
     },
     "404": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ErrorResponse"
        }
       }
      },
      "description": "Error"
     },
     "409": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ErrorResponse"
        }
       }
      },
      "description": "No decision waits for approval"
     }
    },
    "summary": "Four eyes: a supervisor other than the decider approves a pending decision"
   }
  },
  "/alerts/{id}/decision": {
   "post": {
    "parameters": [
     {
      "description": "alert id",
      "in": "path",
      "name": "id",
      "required": true,
      "schema": {
       "type": "integer"
      }
     },
     {
      "description": "the acting user (`embargo users add`); or \"user\" in the body",
      "in": "header",
      "name": "X-Embargo-User",
      "required": false,
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/DecisionRequest"
       }
      }
     },
     "required": true
    },
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Alert"
        }
       }
      },
      "description": "The alert after the decision"
     },
     "400": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ErrorResponse"
        }
       }
      },
      "description": "Error"
     },
     "403": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ErrorResponse"
        }
       }
      },
      "description": "Unknown user"
     },
     "404": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ErrorResponse"
        }
       }
      },
      "description": "Error"
     },
     "409": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ErrorResponse"
        }
       }
      },
      "description": "The alert is not open (decided already)"
     },
     "422": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ErrorResponse"
        }
       }
      },
      "description": "Error"
     }
    },
    "summary": "Decide an open or escalated alert (true_match and whitelisting wait for a supervisor); written to the audit log"
   }
  },
  "/algorithms": {
   "get": {
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      },
      "description": "Algorithms"
     }
    },
    "summary": "The scoring algorithm and its features"
   }
  },
  "/catalog": {
   "get": {
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      },
      "description": "Catalog"
     }
    },
    "summary": "Loaded lists and their versions"
   }
  },
  "/entities/{id}": {
   "get": {
    "parameters": [
     {
      "description": "entity id, e.g. ofac-35096",
      "in": "path",
      "name": "id",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Entity"
        }
       }
      },
      "description": "The entity"
     },
     "404": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ErrorResponse"
        }
       }
      },
      "description": "Error"
     }
    },
    "summary": "One listed entity in FollowTheMoney form"
   }
  },
  "/healthz": {
   "get": {
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      },
      "description": "ok"
     }
    },
    "summary": "The process is alive"
   }
  },
  "/match/{dataset}": {
   "post": {
    "parameters": [
     {
      "description": "\"default\" (every loaded list) or one dataset name from /catalog",
      "in": "path",
      "name": "dataset",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "description": "results per query (default 5)",
      "in": "query",
      "name": "limit",
      "required": false,
      "schema": {
       "type": "integer"
      }
     },
     {
      "description": "score from which a result is a match (0.7)",
      "in": "query",
      "name": "threshold",
      "required": false,
      "schema": {
       "type": "number"
      }
     },
     {
      "description": "lowest score returned at all (0.5)",
      "in": "query",
      "name": "cutoff",
      "required": false,
      "schema": {
       "type": "number"
      }
     },
     {
      "description": "accepted for compatibility; always embargo-v1",
      "in": "query",
      "name": "algorithm",
      "required": false,
      "schema": {
       "type": "string"
      }
     },
     {
      "description": "only these datasets (repeatable)",
      "in": "query",
      "name": "include_dataset",
      "required": false,
      "schema": {
       "type": "string"
      }
     },
     {
      "description": "not these datasets (repeatable)",
      "in": "query",
      "name": "exclude_dataset",
      "required": false,
      "schema": {
       "type": "string"
      }
     },
     {
      "description": "not these schemata (repeatable)",
      "in": "query",
      "name": "exclude_schema",
      "required": false,
      "schema": {
       "type": "string"
      }
     },
     {
      "description": "not these entity ids (repeatable, 50)",
      "in": "query",
      "name": "exclude_entity_ids",
      "required": false,
      "schema": {
       "type": "string"
      }
     },
     {
      "description": "YYYY-MM-DD: screen against the lists in force that day (version store of the data folder); 400 malformed, 404 no version by then",
      "in": "query",
      "name": "as_of",
      "required": false,
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/MatchRequest"
       }
      }
     },
     "required": true
    },
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/MatchResponse"
        }
       }
      },
      "description": "One response per query key"
     },
     "400": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ErrorResponse"
        }
       }
      },
      "description": "Error"
     },
     "404": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ErrorResponse"
        }
       }
      },
      "description": "Error"
     },
     "422": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ErrorResponse"
        }
       }
      },
      "description": "Error"
     }
    },
    "summary": "Query-by-example matching of up to 100 entities"
   }
  },
  "/metrics": {
   "get": {
    "responses": {
     "200": {
      "description": "text/plain; version=0.0.4"
     }
    },
    "summary": "Prometheus metrics"
   }
  },
  "/readyz": {
   "get": {
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      },
      "description": "ready"
     },
     "503": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ErrorResponse"
        }
       }
      },
      "description": "Error"
     }
    },
    "summary": "Lists are loaded; status \"stale\" when the last reload failed"
   }
  },
  "/scan": {
   "post": {
    "requestBody": {
     "content": {
      "application/json": {
       "schema": {
        "properties": {
         "format": {
          "enum": [
           "auto",
           "text",
           "html",
           "pdf"
          ],
          "type": "string"
         },
         "payment": {
          "description": "SWIFT MT103/MT202 or ISO 20022 pacs.008/pain.001",
          "type": "string"
         },
         "text": {
          "type": "string"
         },
         "threshold": {
          "type": "number"
         }
        },
        "type": "object"
       }
      },
      "application/pdf": {},
      "text/html": {},
      "text/plain": {}
     },
     "required": true
    },
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      },
      "description": "Mentions with offsets, or one result per payment message"
     },
     "415": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ErrorResponse"
        }
       }
      },
      "description": "Error"
     },
     "422": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ErrorResponse"
        }
       }
      },
      "description": "Error"
     }
    },
    "summary": "Find listed names in text, HTML, PDF or payment messages"
   }
  },
  "/search/{dataset}": {
   "get": {
    "parameters": [
     {
      "description": "\"default\" (every loaded list) or one dataset name from /catalog",
      "in": "path",
      "name": "dataset",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "description": "the name to look for",
      "in": "query",
      "name": "q",
      "required": false,
      "schema": {
       "type": "string"
      }
     },
     {
      "description": "Thing (default), Person, Organization, ...",
      "in": "query",
      "name": "schema",
      "required": false,
      "schema": {
       "type": "string"
      }
     },
     {
      "description": "only entities tied to these countries",
      "in": "query",
      "name": "countries",
      "required": false,
      "schema": {
       "type": "string"
      }
     },
     {
      "description": "default 10",
      "in": "query",
      "name": "limit",
      "required": false,
      "schema": {
       "type": "integer"
      }
     },
     {
      "description": "default 0",
      "in": "query",
      "name": "offset",
      "required": false,
      "schema": {
       "type": "integer"
      }
     },
     {
      "description": "YYYY-MM-DD: screen against the lists in force that day (version store of the data folder); 400 malformed, 404 no version by then",
      "in": "query",
      "name": "as_of",
      "required": false,
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/SearchResponse"
        }
       }
      },
      "description": "Results"
     },
     "400": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ErrorResponse"
        }
       }
      },
      "description": "Error"
     },
     "404": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ErrorResponse"
        }
       }
      },
      "description": "Error"
     }
    },
    "summary": "Search by one name"
   }
  }
 }
})json";

}  // namespace

nlohmann::json OpenApiDocument(const std::string& version) {
  static const nlohmann::json* const parsed = new nlohmann::json(nlohmann::json::parse(kDocument));
  nlohmann::json doc = *parsed;
  doc["info"]["version"] = version;
  return doc;
}

}  // namespace embargo::server
