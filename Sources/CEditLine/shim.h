#ifndef ELIXIRTOUR_CEDITLINE_SHIM_H
#define ELIXIRTOUR_CEDITLINE_SHIM_H
#include <stdio.h>
#include <editline/readline.h>
#endif
