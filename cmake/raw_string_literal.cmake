# Files compiled into the binary (migrations, the web console, the OpenAPI
# document) travel as C++ raw string literals, so the binary needs no data
# folder at run time.

# fourex_raw_string_literal(<var> <file>): sets <var> to a raw string
# literal holding <file>'s text; editing the file re-runs the configure step.
function(fourex_raw_string_literal var file)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${file})
  file(READ ${file} text)
  if(text MATCHES "\\)fourex_raw\"")
    message(FATAL_ERROR "${file} contains the raw string delimiter")
  endif()
  set(${var} "R\"fourex_raw(${text})fourex_raw\"" PARENT_SCOPE)
endfunction()
