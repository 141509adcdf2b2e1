// The API description (http/openapi.json) and the page that renders it
// (http/docs.html), both compiled into the binary.
#pragma once

#include <string_view>

namespace fourex::http {

std::string_view openapi_json();
std::string_view docs_html();

}  // namespace fourex::http
