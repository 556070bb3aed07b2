/* SPDX-License-Identifier: GPL-3.0-or-later */
/* archive_out.c: every suffix round-trips through libarchive's reader
   (names, sizes, mode, mtime, bytes); the final name appears only at
   commit; abort and bad suffixes leave nothing behind. */
#include <config.h>

#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "archive_out.h"
#include "atomic.h"
#include "units.h"

#define BIG_LEN (1024 * 1024 + 12345)  /* not a multiple of any block */
#define SMALL_MTIME 1600000001          /* odd: zip keeps whole seconds */
#define BIG_MTIME 1700000003
#define SUMS_MTIME 1700000005

static const char *const suffixes[] = {
  ".tar", ".tar.gz", ".tgz", ".tar.xz", ".tar.zst", ".zip", ".7z"
};

static const char small_data[] = "small file\n";
static const char sums_data[] =
  "0123456789abcdef0123456789abcdef01234567  data/big.bin\n";
/* UTF-8 with a directory, as providers' names arrive */
static const char small_name[] = "d\xc3\xa9p\xc3\xb4t/\xe6\x8a\xa5\xe5\x91\x8a"
                                 " small.txt";

/* One expected entry. */
struct want {
  const char *name;
  const void *data;
  size_t len;
  time_t mtime;
};

/* A temp directory holding big.bin and small.txt. */
struct fixture {
  char dir[32];
  char big[64];
  char small[64];
  char out[64];
  char part[80];
  unsigned char *big_data;
};

static void
write_file(const char *path, const void *data, size_t len)
{
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

  ck_assert_int_ge(fd, 0);
  ck_assert_int_eq(write(fd, data, len), (ssize_t)len);
  ck_assert_int_eq(close(fd), 0);
}

static void
fixture_init(struct fixture *fx, const char *suffix)
{
  struct timeval tv[2] = { { SMALL_MTIME, 0 }, { SMALL_MTIME, 0 } };
  uint32_t x = 2463534242u;
  size_t i;

  memcpy(fx->dir, "/tmp/sfarchXXXXXX", sizeof("/tmp/sfarchXXXXXX"));
  ck_assert_ptr_nonnull(mkdtemp(fx->dir));
  snprintf(fx->big, sizeof(fx->big), "%s/big.bin", fx->dir);
  snprintf(fx->small, sizeof(fx->small), "%s/small.txt", fx->dir);
  snprintf(fx->out, sizeof(fx->out), "%s/out%s", fx->dir, suffix);
  snprintf(fx->part, sizeof(fx->part), "%s%s", fx->out, SF_PART_SUFFIX);
  fx->big_data = malloc(BIG_LEN);
  ck_assert_ptr_nonnull(fx->big_data);
  for(i = 0; i < BIG_LEN; i++) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    fx->big_data[i] = (unsigned char)x;
  }
  write_file(fx->big, fx->big_data, BIG_LEN);
  write_file(fx->small, small_data, strlen(small_data));
  ck_assert_int_eq(utimes(fx->small, tv), 0);
}

static void
fixture_free(struct fixture *fx)
{
  unlink(fx->big);
  unlink(fx->small);
  unlink(fx->out);
  unlink(fx->part);
  ck_assert_int_eq(rmdir(fx->dir), 0);
  free(fx->big_data);
}

static bool
exists(const char *path)
{
  struct stat sb;

  return stat(path, &sb) == 0;
}

/* Read the current entry's data and compare it with W. */
static void
check_data(struct archive *ar, const struct want *w)
{
  unsigned char *got = malloc(w->len + 1);
  size_t have = 0;

  ck_assert_ptr_nonnull(got);
  for(;;) {
    la_ssize_t n = archive_read_data(ar, got + have, w->len + 1 - have);
    ck_assert_int_ge(n, 0);
    if(!n)
      break;
    have += (size_t)n;
    ck_assert_uint_le(have, w->len);
  }
  ck_assert_uint_eq(have, w->len);
  ck_assert_msg(!memcmp(got, w->data, w->len), "%s: bytes differ", w->name);
  free(got);
}

static void
check_entry(struct archive *ar, struct archive_entry *e, const struct want *w)
{
  ck_assert_ptr_nonnull(archive_entry_pathname_utf8(e));
  ck_assert_str_eq(archive_entry_pathname_utf8(e), w->name);
  ck_assert_int_eq(archive_entry_filetype(e), AE_IFREG);
  ck_assert_int_eq(archive_entry_perm(e), 0644);
  ck_assert(archive_entry_size_is_set(e));
  ck_assert_int_eq(archive_entry_size(e), (int64_t)w->len);
  ck_assert_int_eq(archive_entry_mtime(e), w->mtime);
  check_data(ar, w);
}

/* Read names as UTF-8 whatever the process locale (the suite runs in C). */
static locale_t
enter_utf8(void)
{
  locale_t l = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);

  ck_assert_msg(l != (locale_t)0, "no C.UTF-8 locale");
  return uselocale(l);
}

static void
leave_utf8(locale_t old)
{
  locale_t l = uselocale(old);

  freelocale(l);
}

static struct archive *
open_reader(const char *path)
{
  struct archive *ar = archive_read_new();

  ck_assert_ptr_nonnull(ar);
  ck_assert_int_eq(archive_read_support_format_all(ar), ARCHIVE_OK);
  ck_assert_int_eq(archive_read_support_filter_all(ar), ARCHIVE_OK);
  ck_assert_int_eq(archive_read_open_filename(ar, path, 65536), ARCHIVE_OK);
  return ar;
}

/* PATH must hold exactly the N entries of W, in order. */
static void
check_archive(const char *path, const struct want *w, size_t n)
{
  locale_t old = enter_utf8();
  struct archive *ar = open_reader(path);
  struct archive_entry *e;
  size_t i = 0;

  for(;;) {
    int r = archive_read_next_header(ar, &e);
    if(r == ARCHIVE_EOF)
      break;
    ck_assert_msg(r == ARCHIVE_OK, "%s: %s", path, archive_error_string(ar));
    ck_assert_uint_lt(i, n);
    check_entry(ar, e, &w[i]);
    i++;
  }
  ck_assert_uint_eq(i, n);
  ck_assert_int_eq(archive_read_free(ar), ARCHIVE_OK);
  leave_utf8(old);
}

START_TEST(round_trip)
{
  struct fixture fx;
  struct sf_archive *a = NULL;
  struct sf_error err;
  struct want w[3];

  fixture_init(&fx, suffixes[_i]);
  w[0] = (struct want){ "data/big.bin", fx.big_data, BIG_LEN, BIG_MTIME };
  w[1] = (struct want){ small_name, small_data, strlen(small_data),
                        SMALL_MTIME };
  w[2] = (struct want){ "SHA1SUMS", sums_data, strlen(sums_data),
                        SUMS_MTIME };
  error_clear(&err);
  ck_assert_int_eq(archive_out_check_suffix(fx.out, &err), SF_OK);
  ck_assert_msg(archive_out_open(fx.out, &a, &err) == SF_OK, "%s: %s",
                fx.out, err.message);
  ck_assert(exists(fx.part));
  ck_assert(!exists(fx.out));
  ck_assert_int_eq(archive_out_add_file(a, fx.big, w[0].name, BIG_MTIME,
                                        &err), SF_OK);
  ck_assert_int_eq(archive_out_add_file(a, fx.small, small_name, 0, &err),
                   SF_OK);
  ck_assert_int_eq(archive_out_add_buffer(a, "SHA1SUMS", sums_data,
                                          strlen(sums_data), SUMS_MTIME,
                                          &err), SF_OK);
  ck_assert(!exists(fx.out));
  ck_assert_msg(archive_out_commit(a, &err) == SF_OK, "%s", err.message);
  ck_assert(exists(fx.out));
  ck_assert(!exists(fx.part));
  check_archive(fx.out, w, countof(w));
  fixture_free(&fx);
}
END_TEST

START_TEST(suffixes_checked)
{
  static const char *const good[] = {
    "a.tar", "d/a.TAR.GZ", "a.TgZ", "a.tar.Xz", "a.tar.zst", "a.ZIP", "a.7z"
  };
  static const char *const bad[] = {
    "a.rar", "a.gz", "a.tar.bz2", "tar", ".tar", "d/.zip", "a.tar/", "",
    "a.zst", "a.tar.gz.part"
  };
  struct sf_archive *a = (struct sf_archive *)&a;
  struct sf_error err;
  size_t i;

  for(i = 0; i < countof(good); i++)
    ck_assert_msg(archive_out_check_suffix(good[i], NULL) == SF_OK, "%s",
                  good[i]);
  for(i = 0; i < countof(bad); i++) {
    error_clear(&err);
    ck_assert_msg(archive_out_check_suffix(bad[i], &err) == SF_E_USAGE,
                  "%s", bad[i]);
    ck_assert_int_eq(err.code, SF_E_USAGE);
    ck_assert_ptr_nonnull(strstr(err.message, ".tar.zst"));
  }
  ck_assert_int_eq(archive_out_open("/nonexistent/x.rar", &a, &err),
                   SF_E_USAGE);
  ck_assert_ptr_null(a);
}
END_TEST

START_TEST(abort_leaves_nothing)
{
  struct fixture fx;
  struct sf_archive *a = NULL;
  struct sf_error err;

  fixture_init(&fx, suffixes[_i]);
  ck_assert_int_eq(archive_out_open(fx.out, &a, &err), SF_OK);
  ck_assert_int_eq(archive_out_add_file(a, fx.big, "big", 0, &err), SF_OK);
  ck_assert(exists(fx.part));
  archive_out_abort(a);
  ck_assert(!exists(fx.part));
  ck_assert(!exists(fx.out));
  archive_out_abort(NULL);
  fixture_free(&fx);
}
END_TEST

/* A name that is not UTF-8 does not crash libarchive or fail the
   archive: the entry is stored with its bytes intact. */
START_TEST(odd_name)
{
  struct fixture fx;
  struct sf_archive *a = NULL;
  struct sf_error err;
  struct archive *ar;
  struct archive_entry *e;
  int r;

  fixture_init(&fx, suffixes[_i]);
  ck_assert_int_eq(archive_out_open(fx.out, &a, &err), SF_OK);
  ck_assert_msg(archive_out_add_file(a, fx.small, "bad\xff\xfe.txt", 0,
                                     &err) == SF_OK, "%s", err.message);
  ck_assert_int_eq(archive_out_commit(a, &err), SF_OK);
  ar = open_reader(fx.out);
  r = archive_read_next_header(ar, &e);
  ck_assert(r == ARCHIVE_OK || r == ARCHIVE_WARN);
  ck_assert_int_eq(archive_entry_size(e), (int64_t)strlen(small_data));
  ck_assert_int_eq(archive_read_data(ar, fx.big_data, BIG_LEN),
                   (la_ssize_t)strlen(small_data));
  ck_assert(!memcmp(fx.big_data, small_data, strlen(small_data)));
  ck_assert_int_eq(archive_read_next_header(ar, &e), ARCHIVE_EOF);
  ck_assert_int_eq(archive_read_free(ar), ARCHIVE_OK);
  fixture_free(&fx);
}
END_TEST

/* Make every write that would grow a file fail from now on (EFBIG, which
   sigfetch takes as a full disk).  The partial can no longer be a link
   to /dev/full: atomic.c never writes through a link. */
static void
no_room(void)
{
  struct rlimit rl;

  signal(SIGXFSZ, SIG_IGN);
  ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &rl), 0);
  rl.rlim_cur = 0;
  ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &rl), 0);
}

/* Undo no_room. */
static void
room_again(void)
{
  struct rlimit rl;

  ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &rl), 0);
  rl.rlim_cur = rl.rlim_max;
  ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &rl), 0);
}

/* Open, add the big file and a buffer, commit: the first failure. */
static enum sf_err
write_archive(const struct fixture *fx, struct sf_error *err)
{
  struct sf_archive *a = NULL;
  enum sf_err rc = archive_out_open(fx->out, &a, err);

  if(!rc)
    rc = archive_out_add_file(a, fx->big, "big", 0, err);
  if(!rc)
    rc = archive_out_add_buffer(a, "SHA1SUMS", sums_data, strlen(sums_data),
                                1, err);
  if(!rc)
    return archive_out_commit(a, err);
  archive_out_abort(a);
  return rc;
}

/* No room for the partial file: every format reports a full disk (exit
   7) at whichever step first writes, and leaves neither file behind. */
START_TEST(disk_full)
{
  struct fixture fx;
  struct sf_error err;
  struct stat sb;

  fixture_init(&fx, suffixes[_i]);
  no_room();
  error_clear(&err);
  ck_assert_int_eq(write_archive(&fx, &err), SF_E_DISK_FULL);
  room_again();
  ck_assert_int_eq(err.code, SF_E_DISK_FULL);
  ck_assert_ptr_nonnull(strstr(err.message, fx.out));
  ck_assert_int_ne(lstat(fx.part, &sb), 0);
  ck_assert(!exists(fx.out));
  fixture_free(&fx);
}
END_TEST

/* A failed run neither touches an existing archive nor leaves a partial;
   a second writer of the same archive is refused while the first runs. */
START_TEST(errors)
{
  struct fixture fx;
  struct sf_archive *a = NULL;
  struct sf_archive *b = NULL;
  struct sf_error err;
  struct stat sb;
  char missing[80];
  char link[80];

  fixture_init(&fx, ".tar.gz");
  write_file(fx.out, "old", 3);
  ck_assert_int_eq(archive_out_open(fx.out, &a, &err), SF_OK);
  ck_assert_int_eq(archive_out_open(fx.out, &b, &err), SF_E_LOCKED);
  ck_assert_ptr_null(b);
  snprintf(missing, sizeof(missing), "%s/missing", fx.dir);
  ck_assert_int_eq(archive_out_add_file(a, missing, "m", 0, &err), SF_E_IO);
  ck_assert_ptr_nonnull(strstr(err.message, missing));
  ck_assert_int_eq(archive_out_add_file(a, fx.dir, "d", 0, &err), SF_E_IO);
  /* a staged file swapped for a link is not read through */
  snprintf(link, sizeof(link), "%s/link", fx.dir);
  ck_assert_int_eq(symlink(fx.small, link), 0);
  ck_assert_int_eq(archive_out_add_file(a, link, "l", 0, &err), SF_E_IO);
  ck_assert_int_eq(unlink(link), 0);
  archive_out_abort(a);
  ck_assert(!exists(fx.part));
  ck_assert_int_eq(stat(fx.out, &sb), 0);
  ck_assert_int_eq(sb.st_size, 3);
  error_clear(&err);
  ck_assert_int_eq(archive_out_open("/nonexistent/dir/x.zip", &a, &err),
                   SF_E_IO);
  ck_assert_ptr_null(a);
  ck_assert_ptr_nonnull(strstr(err.message, "/nonexistent/dir/x.zip"));
  fixture_free(&fx);
}
END_TEST

/* An add that wrote nothing leaves the archive usable; one that failed
   half-way makes commit refuse (and clean up). */
START_TEST(after_failure)
{
  struct fixture fx;
  struct sf_archive *a = NULL;
  struct sf_error err;
  struct want w = { "s", small_data, strlen(small_data), SMALL_MTIME };
  struct stat sb;

  fixture_init(&fx, ".tar");
  ck_assert_int_eq(archive_out_open(fx.out, &a, &err), SF_OK);
  ck_assert_int_eq(archive_out_add_file(a, fx.dir, "d", 0, &err), SF_E_IO);
  ck_assert_int_eq(archive_out_add_file(a, fx.small, "s", 0, &err), SF_OK);
  ck_assert_int_eq(archive_out_commit(a, &err), SF_OK);
  check_archive(fx.out, &w, 1);
  ck_assert_int_eq(unlink(fx.out), 0);
  ck_assert_int_eq(archive_out_open(fx.out, &a, &err), SF_OK);
  no_room();
  ck_assert_int_eq(archive_out_add_file(a, fx.big, "b", 0, &err),
                   SF_E_DISK_FULL);
  room_again();
  ck_assert_int_eq(archive_out_commit(a, &err), SF_E_INTERNAL);
  ck_assert_ptr_nonnull(strstr(err.message, fx.out));
  ck_assert(!exists(fx.out));
  ck_assert_int_ne(lstat(fx.part, &sb), 0);
  fixture_free(&fx);
}
END_TEST

/* Committing over an existing archive replaces it whole. */
START_TEST(replaces_existing)
{
  struct fixture fx;
  struct sf_archive *a = NULL;
  struct sf_error err;
  struct want w = { "only", "x", 1, 42 };

  fixture_init(&fx, ".zip");
  write_file(fx.out, "old", 3);
  ck_assert_int_eq(archive_out_open(fx.out, &a, &err), SF_OK);
  ck_assert_int_eq(archive_out_add_buffer(a, "only", "x", 1, 42, &err),
                   SF_OK);
  ck_assert_int_eq(archive_out_commit(a, &err), SF_OK);
  ck_assert(!exists(fx.part));
  check_archive(fx.out, &w, 1);
  fixture_free(&fx);
}
END_TEST

Suite *
suite_archive(void)
{
  Suite *s = suite_create("archive");
  TCase *tc = tcase_create("formats");
  TCase *tf = tcase_create("files");

  tcase_set_timeout(tc, 60);
  tcase_add_loop_test(tc, round_trip, 0, (int)countof(suffixes));
  tcase_add_loop_test(tc, abort_leaves_nothing, 0, (int)countof(suffixes));
  tcase_add_loop_test(tc, odd_name, 0, (int)countof(suffixes));
  tcase_add_loop_test(tc, disk_full, 0, (int)countof(suffixes));
  suite_add_tcase(s, tc);
  tcase_add_test(tf, suffixes_checked);
  tcase_add_test(tf, errors);
  tcase_add_test(tf, replaces_existing);
  tcase_add_test(tf, after_failure);
  suite_add_tcase(s, tf);
  return s;
}
