# The browser console: every file of web/ is compiled into the binary as a
# raw string literal, like the migrations. Editing or adding a file under
# web/ re-runs the configure step.
file(GLOB FOUREX_CONSOLE_FILES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/web/*)
list(SORT FOUREX_CONSOLE_FILES)
set(FOUREX_CONSOLE_ENTRIES "")
foreach(web_file IN LISTS FOUREX_CONSOLE_FILES)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${web_file})
  get_filename_component(name ${web_file} NAME)
  file(READ ${web_file} web_text)
  if(web_text MATCHES "\\)fourex_web\"")
    message(FATAL_ERROR "${web_file} contains the raw string delimiter")
  endif()
  string(APPEND FOUREX_CONSOLE_ENTRIES
         "    {\"${name}\", R\"fourex_web(${web_text})fourex_web\"},\n")
endforeach()
configure_file(${CMAKE_CURRENT_LIST_DIR}/console_data.cpp.in
               ${CMAKE_CURRENT_BINARY_DIR}/generated/console_data.cpp @ONLY)
