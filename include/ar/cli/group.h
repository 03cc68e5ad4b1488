/* group.h - `arbatch merge --group` (issue #21 item 4, README "A group
 * of entities"): entity output sets rolled up into one group KPI
 * workbook. Prints nothing. */
#ifndef AR_CLI_GROUP_H
#define AR_CLI_GROUP_H

#include <stddef.h>

#include "ar/base/error.h"
#include "ar/base/options.h"

/* Read each set of cli->parts (an entity's DIR/<as-of>/ with its
 * run.json), check they belong together (cli->as_of, distinct entities,
 * computed as the group's policy computes), add them up (engine
 * group.h) at the rates of cli->fx, and write group-kpi.xlsx and
 * group.json into cli->out/<as-of>-group/ atomically. On success
 * *why_not is the reason there is no consolidated figure (static text)
 * or NULL, *entities the number of sets. An input error (exit 3) names
 * the set or file; AR_ERR_OUTPUT (exit 4) an output that failed. */
ar_err ar_group_merge(const ar_options *cli, const char **why_not,
                      size_t *entities, ar_diag *d);

#endif
