# portlens_warnings(target): the project's warning set, an error in CI (PORTLENS_WERROR).
function(portlens_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
    -Woverloaded-virtual -Wconversion -Wsign-conversion -Wnull-dereference -Wimplicit-fallthrough)
  if(PORTLENS_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
