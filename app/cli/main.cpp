// rackplan: command-line front end. Each command lives in its own file.
#include <iostream>

#include "io/seed.h"

int main(int argc, char** argv) {
    (void)argc; (void)argv;
    std::cout << "rackplan " << rackplan::io::version_string() << "\n";
    return 0;
}
