/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The state file (src/engine/state.c state_from_json): written by us, but
   read back from a directory others may share.  Properties: an accepted
   state has -1 <= size, 0 <= bytes_done (<= size when known), at most
   SF_MAX_SEGS segments, and survives a round trip through state_to_json
   with the same figures. */
#include "fuzz.h"

#include "state.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *in = fuzz_str(data, size);
  struct sf_state st;
  struct sf_state again;

  state_init(&st);
  state_init(&again);
  if(state_from_json(in, &st) == SF_OK) {
    char *json = state_to_json(&st);
    FUZZ_CHECK(st.size >= -1);
    FUZZ_CHECK(st.bytes_done >= 0);
    FUZZ_CHECK(st.size < 0 || st.bytes_done <= st.size);
    FUZZ_CHECK(st.n_segs >= 0 && st.n_segs <= SF_MAX_SEGS);
    FUZZ_CHECK(json);
    FUZZ_CHECK(state_from_json(json, &again) == SF_OK);
    FUZZ_CHECK(again.size == st.size && again.bytes_done == st.bytes_done &&
               again.n_segs == st.n_segs);
    free(json);
  }
  state_free(&again);
  state_free(&st);
  free(in);
  return 0;
}
