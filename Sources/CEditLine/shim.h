#ifndef ELIXIRTOUR_CEDITLINE_SHIM_H
#define ELIXIRTOUR_CEDITLINE_SHIM_H
#include <stdio.h>
#include <editline/readline.h>

/* Accessors for libedit's global variables: Swift 6 refuses direct use of C globals from
   nonisolated code, and the shell touches them only from the main thread. */
static inline void elixirtour_rl_setup(const char *name, rl_completion_func_t *attempt) {
    rl_readline_name = name;
    rl_attempted_completion_function = attempt;
}

static inline void elixirtour_rl_no_default_completion(void) {
    rl_attempted_completion_over = 1;
}

/* What follows a lone completion: a space, or nothing after a folder ("scratch/"). */
static inline void elixirtour_rl_append_character(int c) {
    rl_completion_append_character = c;
}

static inline const char *elixirtour_rl_line_buffer(void) {
    return rl_line_buffer;
}
#endif
