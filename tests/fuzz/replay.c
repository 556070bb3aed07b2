/* SPDX-License-Identifier: GPL-3.0-or-later */
/* replay.c: a plain main for a fuzz target, so that "make check" runs
   every committed corpus file through it with the normal compiler (no
   clang, no libFuzzer).  Arguments are files or directories of files. */
#include "fuzz.h"

#include <dirent.h>
#include <sys/stat.h>

static int
replay_file(const char *path)
{
  FILE *f = fopen(path, "rb");
  uint8_t *buf = NULL;
  size_t len = 0;
  size_t cap = 0;
  size_t got;

  if(!f) {
    perror(path);
    return 1;
  }
  do {
    if(len == cap) {
      uint8_t *grown;
      cap = cap ? cap * 2 : 4096;
      grown = realloc(buf, cap);
      if(!grown)
        abort();
      buf = grown;
    }
    got = fread(buf + len, 1, cap - len, f);
    len += got;
  } while(got);
  fclose(f);
  LLVMFuzzerTestOneInput(buf, len);
  free(buf);
  return 0;
}

static int
replay(const char *path, size_t *n)
{
  struct stat sb;
  DIR *d;
  struct dirent *e;
  int bad = 0;

  if(stat(path, &sb)) {
    perror(path);
    return 1;
  }
  if(!S_ISDIR(sb.st_mode)) {
    (*n)++;
    return replay_file(path);
  }
  d = opendir(path);
  if(!d) {
    perror(path);
    return 1;
  }
  while((e = readdir(d)) != NULL) {
    char sub[4096];
    if(e->d_name[0] == '.')
      continue;
    snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
    bad |= replay(sub, n);
  }
  closedir(d);
  return bad;
}

int
main(int argc, char **argv)
{
  size_t n = 0;
  int bad = 0;
  int i;

  for(i = 1; i < argc; i++)
    bad |= replay(argv[i], &n);
  printf("%s: %zu inputs replayed\n", argv[0], n);
  return bad || !n;
}
