/* SPDX-License-Identifier: GPL-3.0-or-later */
/* -i lists, plain and JSON lines (src/input.c): the input is written to
   a memory file read with -i, with --archive.  Properties: items come in
   input order; an item's output is relative and never climbs ("..") out
   of the archive (without --archive a list may name any path, as -o
   may). */
#define _GNU_SOURCE
#include "fuzz.h"

#include <sys/mman.h>
#include <unistd.h>

#include "cli.h"
#include "fname.h"
#include "input.h"

static void
walk(struct sf_input *in)
{
  struct sf_input_item it;
  struct sf_error err;
  bool eof = false;
  size_t last = 0;
  bool first = true;

  while(!eof) {
    memset(&it, 0, sizeof(it));
    error_clear(&err);
    if(input_next(in, &it, &eof, &err))
      break;
    if(!eof && it.locator) {
      FUZZ_CHECK(first || it.index > last);
      first = false;
      last = it.index;
      if(it.output)
        FUZZ_CHECK(it.output[0] != '/' && !fname_climbs(it.output));
    }
    input_item_free(&it);
  }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  int fd = memfd_create("fuzz-input", MFD_CLOEXEC);
  char path[64];
  char *argv[6];
  struct sf_options opts;
  enum sf_cli_action action;
  struct sf_error err;
  struct sf_input *in = NULL;

  if(fd < 0 || write(fd, data, size) != (ssize_t)size)
    abort();
  snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
  argv[0] = (char *)"sigfetch";
  argv[1] = (char *)"-i";
  argv[2] = path;
  argv[3] = (char *)"--archive";
  argv[4] = (char *)"fuzz.zip";
  argv[5] = NULL;
  memset(&opts, 0, sizeof(opts));
  error_clear(&err);
  FUZZ_CHECK(cli_parse(5, argv, &opts, &action, &err) == SF_OK);
  if(input_open(&opts, &in, &err) == SF_OK) {
    walk(in);
    input_close(in);
  }
  cli_free(&opts);
  close(fd);
  return 0;
}
