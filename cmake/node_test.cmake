# Node.js tests in CTest (tests/browser, tests/mcp, tests/client,
# tests/ratings): node runs a script of the calling folder, with the npm
# packages scripts/bootstrap --dev installs there. Every package they use
# runs on Node 18, Debian 12's nodejs.
#
# Without a usable node (or what PROBLEM names) the test is still
# registered, and fails saying why: a silently skipped test looks like a
# passing one.
find_program(FOUREX_NODE node)
set(FOUREX_NODE_PROBLEM "")
if(NOT FOUREX_NODE)
  set(FOUREX_NODE_PROBLEM "no node on PATH")
else()
  execute_process(COMMAND ${FOUREX_NODE} --version
                  OUTPUT_VARIABLE node_version OUTPUT_STRIP_TRAILING_WHITESPACE)
  string(REGEX MATCH "^v([0-9]+)" _ "${node_version}")
  if(NOT CMAKE_MATCH_1 OR CMAKE_MATCH_1 LESS 18)
    set(FOUREX_NODE_PROBLEM "${FOUREX_NODE} is '${node_version}', need >= 18")
  endif()
endif()

# fourex_node_test(<name> COMMAND <node arguments...> TIMEOUT <seconds>
#                  HINT <what installs the missing parts>
#                  [PROBLEM <why it cannot run, besides node>]
#                  [ENVIRONMENT <VAR=value>...])
function(fourex_node_test name)
  cmake_parse_arguments(PARSE_ARGV 1 T "" "TIMEOUT;HINT;PROBLEM"
                        "COMMAND;ENVIRONMENT")
  set(problem "${FOUREX_NODE_PROBLEM}")
  if(NOT problem)
    set(problem "${T_PROBLEM}")
  endif()
  if(problem)
    set(why "${problem}: ${T_HINT}")
    message(WARNING "${name} will fail: ${why}")
    add_test(NAME ${name} COMMAND sh -c "echo '${why}' >&2; exit 1")
    return()
  endif()
  add_test(NAME ${name} COMMAND ${FOUREX_NODE} ${T_COMMAND}
           WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR})
  set_tests_properties(${name} PROPERTIES TIMEOUT ${T_TIMEOUT}
                       ENVIRONMENT "${T_ENVIRONMENT}")
endfunction()
