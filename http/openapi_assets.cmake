# http/openapi.json (the API as OpenAPI 3.0) and http/docs.html (the page at
# /docs that renders it) are compiled into the binary as raw string literals.
# Editing either re-runs the configure step.
set(FOUREX_OPENAPI_FILE ${CMAKE_CURRENT_LIST_DIR}/openapi.json)
set(FOUREX_DOCS_FILE ${CMAKE_CURRENT_LIST_DIR}/docs.html)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             ${FOUREX_OPENAPI_FILE} ${FOUREX_DOCS_FILE})
file(READ ${FOUREX_OPENAPI_FILE} FOUREX_OPENAPI_JSON)
file(READ ${FOUREX_DOCS_FILE} FOUREX_DOCS_HTML)
foreach(text IN ITEMS FOUREX_OPENAPI_JSON FOUREX_DOCS_HTML)
  if(${text} MATCHES "\\)fourex_api\"")
    message(FATAL_ERROR "${text} contains the raw string delimiter")
  endif()
endforeach()
configure_file(${CMAKE_CURRENT_LIST_DIR}/openapi_data.cpp.in
               ${CMAKE_CURRENT_BINARY_DIR}/generated/openapi_data.cpp @ONLY)
