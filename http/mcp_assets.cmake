# docs/rules.md, served by /mcp as a resource and a tool, compiled into the
# binary.
fourex_raw_string_literal(FOUREX_RULES_MD ${CMAKE_CURRENT_LIST_DIR}/../docs/rules.md)
configure_file(${CMAKE_CURRENT_LIST_DIR}/mcp_rules.cpp.in
               ${CMAKE_CURRENT_BINARY_DIR}/generated/mcp_rules.cpp @ONLY)
