// The analyst web page (web/index.html, app.js, app.css), compiled into the binary by
// cmake/embed.cmake so `embargo serve` needs no files beside it.
#ifndef EMBARGO_SERVER_WEB_ASSETS_H_
#define EMBARGO_SERVER_WEB_ASSETS_H_

#include <string_view>

namespace embargo::server {

// The file served at `path` ("/" is index.html), with its Content-Type in
// *content_type; a view with data() == nullptr when there is none.
std::string_view WebAsset(std::string_view path, std::string_view* content_type);

}  // namespace embargo::server

#endif  // EMBARGO_SERVER_WEB_ASSETS_H_
