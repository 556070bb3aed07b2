/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Where locators come from: the command line and -i lists. */
#ifndef SIGFETCH_INPUT_H
#define SIGFETCH_INPUT_H

#include "error.h"
#include "options.h"

/* One locator with what its line says about it (all owned). */
struct sf_input_item {
  size_t index;            /* input order, 0-based */
  size_t line;             /* line in the -i file, 0 for the command line */
  char *locator;           /* NULL for a blank or comment line */
  char *output;
  struct sf_expect expect;
  char **headers;          /* "Name: value" */
  size_t n_headers;
};

struct sf_input;

/* Open the command line's locators and, with -i, the list.  The whole
   list is checked first (every line parsed, every locator known, no two
   lines naming the same output), so a bad line stops the run before
   anything starts: SF_E_USAGE naming the file and line. */
enum sf_err input_open(const struct sf_options *opts, struct sf_input **out,
                       struct sf_error *err);

/* The next item of this run's shard (--shard); *EOF at the end.
   Streams: memory does not grow with the length of the list. */
enum sf_err input_next(struct sf_input *in, struct sf_input_item *item,
                       bool *eof, struct sf_error *err);

/* How many locators input_next will hand out (known after input_open's
   check), for "12/20 files". */
size_t input_count(const struct sf_input *in);
/* The shard of LOCATOR among N (CLI.md "Sharding a list over
   machines"): the first 8 bytes of its SHA-1, big-endian, modulo N. */
enum sf_err input_shard(const char *locator, unsigned long n,
                        unsigned long *shard);

void input_close(struct sf_input *in);

void input_item_free(struct sf_input_item *it);

#endif /* SIGFETCH_INPUT_H */
