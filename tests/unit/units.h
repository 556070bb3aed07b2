/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit test suites, one per module, run by test_units.c. */
#ifndef SIGFETCH_UNITS_H
#define SIGFETCH_UNITS_H

#include <check.h>

Suite *suite_hdr(void);
Suite *suite_redact(void);
Suite *suite_state(void);
Suite *suite_misc(void);
Suite *suite_archive(void);
Suite *suite_kdocs(void);
Suite *suite_config(void);
Suite *suite_providers(void);
Suite *suite_cli(void);
Suite *suite_backup(void);
Suite *suite_policy(void);
Suite *suite_segplan(void);
Suite *suite_resume(void);
Suite *suite_ratelimit(void);

#endif
