/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Runs every unit suite; exit status for automake's harness. */
#include <stdlib.h>

#include "units.h"

int
main(void)
{
  SRunner *sr = srunner_create(suite_hdr());
  int failed;

  srunner_add_suite(sr, suite_redact());
  srunner_add_suite(sr, suite_state());
  srunner_add_suite(sr, suite_misc());
  srunner_add_suite(sr, suite_archive());
  srunner_add_suite(sr, suite_kdocs());
  srunner_add_suite(sr, suite_config());
  srunner_add_suite(sr, suite_providers());
  srunner_add_suite(sr, suite_cli());
  srunner_add_suite(sr, suite_policy());
  srunner_add_suite(sr, suite_segplan());
  srunner_add_suite(sr, suite_resume());
  srunner_add_suite(sr, suite_ratelimit());
  srunner_add_suite(sr, suite_backup());
  srunner_run_all(sr, CK_NORMAL);
  failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
