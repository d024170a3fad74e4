// The OpenAPI 3 description of `embargo serve`'s endpoints, served at /openapi.json.
#ifndef EMBARGO_SERVER_OPENAPI_H_
#define EMBARGO_SERVER_OPENAPI_H_

#include <nlohmann/json.hpp>
#include <string>

namespace embargo::server {

nlohmann::json OpenApiDocument(const std::string& version);

}  // namespace embargo::server

#endif  // EMBARGO_SERVER_OPENAPI_H_
