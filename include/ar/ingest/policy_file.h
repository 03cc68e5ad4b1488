/* policy_file.h - reading a policy: an INI file or text over the
 * defaults, and the built-in presets of --format (SPEC §2.5, §3).
 * Layering: defaults, then the --format preset, then --policy. */
#ifndef AR_POLICY_FILE_H
#define AR_POLICY_FILE_H

#include "ar/base/error.h"
#include "ar/engine/policy.h"

/* Overlay the INI file at path onto p. An unknown section or key, a bad
 * value or an unreadable file is an error: returns AR_ERR_POLICY (or
 * AR_ERR_IO) with d naming file, line and key. */
ar_err ar_policy_load(ar_policy *p, const char *path, ar_diag *d);

/* Overlay INI text (name is used in messages) onto p. Same rules. */
ar_err ar_policy_load_string(ar_policy *p, const char *text,
                             const char *name, ar_diag *d);

/* Overlay the built-in --format preset called name ("ibm", "sap-fbl5n":
 * layouts/formats/<name>.ini, compiled in; any case). AR_ERR_USAGE when
 * there is no such preset. */
ar_err ar_policy_apply_format(ar_policy *p, const char *name, ar_diag *d);

#endif
