# The browser console: every file of web/ is compiled into the binary as a
# raw string literal, like the migrations. Editing or adding a file under
# web/ re-runs the configure step.
file(GLOB FOUREX_CONSOLE_FILES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/web/*)
list(SORT FOUREX_CONSOLE_FILES)
set(FOUREX_CONSOLE_ENTRIES "")
foreach(web_file IN LISTS FOUREX_CONSOLE_FILES)
  get_filename_component(name ${web_file} NAME)
  fourex_raw_string_literal(web_text ${web_file})
  string(APPEND FOUREX_CONSOLE_ENTRIES "    {\"${name}\", ${web_text}},\n")
endforeach()
configure_file(${CMAKE_CURRENT_LIST_DIR}/console_data.cpp.in
               ${CMAKE_CURRENT_BINARY_DIR}/generated/console_data.cpp @ONLY)
