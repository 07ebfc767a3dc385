/* Headless subcommands: each takes argv from its own name on and returns the exit status. */
#ifndef TTTOP_COMMANDS_H
#define TTTOP_COMMANDS_H

int events_main(int argc, char **argv);
int tune_main(int argc, char **argv);
int report_main(int argc, char **argv);
/* `tttop __simulate`: the child of a simulation (core/simulate.h), not for people. */
int simulate_child_main(int argc, char **argv);
int machine_main(int argc, char **argv);

#endif
