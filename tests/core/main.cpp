// Catch2 v2 (Debian's catch2 package): the one translation unit that holds main().
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
