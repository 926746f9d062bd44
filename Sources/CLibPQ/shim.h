#ifndef OCOP_CLIBPQ_SHIM_H
#define OCOP_CLIBPQ_SHIM_H

#include <libpq-fe.h>
#include <poll.h>
#include <spawn.h>

// glibc declares these only under _GNU_SOURCE, which the Swift Glibc module is not built with.
extern int posix_spawn_file_actions_addchdir_np(posix_spawn_file_actions_t *__restrict, const char *__restrict);
extern int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *, int);

static inline int ocop_spawn_addchdir(posix_spawn_file_actions_t *actions, const char *path) {
    return posix_spawn_file_actions_addchdir_np(actions, path);
}
static inline int ocop_spawn_addclosefrom(posix_spawn_file_actions_t *actions, int from) {
    return posix_spawn_file_actions_addclosefrom_np(actions, from);
}

// libpq's diagnostic field codes are character-literal macros, which Swift does not import.
static const int OCOP_PG_DIAG_SEVERITY_NONLOCALIZED = 'V';
static const int OCOP_PG_DIAG_SQLSTATE = 'C';
static const int OCOP_PG_DIAG_MESSAGE_PRIMARY = 'M';
static const int OCOP_PG_DIAG_MESSAGE_DETAIL = 'D';
static const int OCOP_PG_DIAG_MESSAGE_HINT = 'H';
static const int OCOP_PG_DIAG_STATEMENT_POSITION = 'P';
static const int OCOP_PG_DIAG_SCHEMA_NAME = 's';
static const int OCOP_PG_DIAG_TABLE_NAME = 't';
static const int OCOP_PG_DIAG_COLUMN_NAME = 'c';
static const int OCOP_PG_DIAG_CONSTRAINT_NAME = 'n';

#endif
