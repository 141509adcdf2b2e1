# http/openapi.json (the API as OpenAPI 3.0) and http/docs.html (the page at
# /docs that renders it) are compiled into the binary.
fourex_raw_string_literal(FOUREX_OPENAPI_JSON ${CMAKE_CURRENT_LIST_DIR}/openapi.json)
fourex_raw_string_literal(FOUREX_DOCS_HTML ${CMAKE_CURRENT_LIST_DIR}/docs.html)
configure_file(${CMAKE_CURRENT_LIST_DIR}/openapi_data.cpp.in
               ${CMAKE_CURRENT_BINARY_DIR}/generated/openapi_data.cpp @ONLY)
