/* Lab 3's request counter, through MPI's profiling interface (PMPI).
 *
 * Linked into every rank program, these definitions of MPI's nonblocking
 * and completion functions take the place of the MPI library's: each counts,
 * then forwards to the library's PMPI_ twin. A request is "started" when a
 * nonblocking call hands out a handle, and "completed" when a wait, a
 * successful test or MPI_Request_free turns that handle into
 * MPI_REQUEST_NULL. At MPI_Finalize each rank prints
 *
 *     LAB3-MPI rank=R started=S completed=C live_requests=L
 *
 * so the tests can require L = 0: the MPI standard frees a request, and so
 * its buffer, only when it has been completed, cancelled requests included
 * (the standard's MPI_Cancel: a cancelled request must still be completed
 * with MPI_Wait, MPI_Test or MPI_Request_free). Given code, not an
 * exercise. */

#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

static long started;
static long completed;

static void count_started(int rc, const MPI_Request *request) {
    if (rc == MPI_SUCCESS && *request != MPI_REQUEST_NULL) {
        started++;
    }
}

/* The number of handles among `before` (copied before the call) that the
 * call turned into MPI_REQUEST_NULL in `after`. */
static long newly_null(int count, const MPI_Request *before, const MPI_Request *after) {
    long n = 0;
    for (int i = 0; i < count; i++) {
        if (before[i] != MPI_REQUEST_NULL && after[i] == MPI_REQUEST_NULL) {
            n++;
        }
    }
    return n;
}

/* Copies `count` handles so the completion functions can compare. */
static MPI_Request *copy_handles(int count, const MPI_Request *requests) {
    MPI_Request *copy = malloc(sizeof(MPI_Request) * (count > 0 ? (size_t)count : 1));
    if (copy == NULL) {
        fprintf(stderr, "lab3 request counter: out of memory\n");
        abort();
    }
    for (int i = 0; i < count; i++) {
        copy[i] = requests[i];
    }
    return copy;
}

#define STARTS(name, ...)                                   \
    {                                                       \
        int rc = P##name(__VA_ARGS__);                      \
        count_started(rc, request);                         \
        return rc;                                          \
    }

int MPI_Isend(const void *buf, int count, MPI_Datatype type, int dest, int tag, MPI_Comm comm,
              MPI_Request *request) STARTS(MPI_Isend, buf, count, type, dest, tag, comm, request)

int MPI_Issend(const void *buf, int count, MPI_Datatype type, int dest, int tag, MPI_Comm comm,
               MPI_Request *request) STARTS(MPI_Issend, buf, count, type, dest, tag, comm, request)

int MPI_Irsend(const void *buf, int count, MPI_Datatype type, int dest, int tag, MPI_Comm comm,
               MPI_Request *request) STARTS(MPI_Irsend, buf, count, type, dest, tag, comm, request)

int MPI_Ibsend(const void *buf, int count, MPI_Datatype type, int dest, int tag, MPI_Comm comm,
               MPI_Request *request) STARTS(MPI_Ibsend, buf, count, type, dest, tag, comm, request)

int MPI_Irecv(void *buf, int count, MPI_Datatype type, int source, int tag, MPI_Comm comm,
              MPI_Request *request) STARTS(MPI_Irecv, buf, count, type, source, tag, comm, request)

int MPI_Wait(MPI_Request *request, MPI_Status *status) {
    MPI_Request before = *request;
    int rc = PMPI_Wait(request, status);
    completed += newly_null(1, &before, request);
    return rc;
}

int MPI_Test(MPI_Request *request, int *flag, MPI_Status *status) {
    MPI_Request before = *request;
    int rc = PMPI_Test(request, flag, status);
    completed += newly_null(1, &before, request);
    return rc;
}

int MPI_Request_free(MPI_Request *request) {
    MPI_Request before = *request;
    int rc = PMPI_Request_free(request);
    completed += newly_null(1, &before, request);
    return rc;
}

/* The array forms: compare every handle before and after the call. */
#define MANY(call)                                          \
    {                                                       \
        MPI_Request *before = copy_handles(count, requests); \
        int rc = call;                                      \
        completed += newly_null(count, before, requests);   \
        free(before);                                       \
        return rc;                                          \
    }

int MPI_Waitall(int count, MPI_Request requests[], MPI_Status statuses[])
    MANY(PMPI_Waitall(count, requests, statuses))

int MPI_Waitany(int count, MPI_Request requests[], int *index, MPI_Status *status)
    MANY(PMPI_Waitany(count, requests, index, status))

int MPI_Waitsome(int count, MPI_Request requests[], int *outcount, int indices[], MPI_Status statuses[])
    MANY(PMPI_Waitsome(count, requests, outcount, indices, statuses))

int MPI_Testall(int count, MPI_Request requests[], int *flag, MPI_Status statuses[])
    MANY(PMPI_Testall(count, requests, flag, statuses))

int MPI_Testany(int count, MPI_Request requests[], int *index, int *flag, MPI_Status *status)
    MANY(PMPI_Testany(count, requests, index, flag, status))

int MPI_Testsome(int count, MPI_Request requests[], int *outcount, int indices[], MPI_Status statuses[])
    MANY(PMPI_Testsome(count, requests, outcount, indices, statuses))

int MPI_Finalize(void) {
    int rank = -1;
    PMPI_Comm_rank(MPI_COMM_WORLD, &rank);
    printf("LAB3-MPI rank=%d started=%ld completed=%ld live_requests=%ld\n", rank, started, completed,
           started - completed);
    fflush(stdout);
    return PMPI_Finalize();
}
