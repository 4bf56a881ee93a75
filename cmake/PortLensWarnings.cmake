# portlens_warnings(target): the project's warning set, an error in CI (PORTLENS_WERROR).
function(portlens_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
    -Woverloaded-virtual -Wconversion -Wsign-conversion -Wnull-dereference -Wimplicit-fallthrough)
  if(PORTLENS_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# portlens_qt_strings(target): every Qt target builds with the same string discipline: no implicit
# conversion between QString and char * (user-visible text goes through tr(), bytes through
# fromUtf8/fromLatin1 on purpose) and no Q_FOREACH.
function(portlens_qt_strings target)
  target_compile_definitions(${target} PRIVATE QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_NO_FOREACH)
endfunction()
