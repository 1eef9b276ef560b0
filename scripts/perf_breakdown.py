#!/usr/bin/env python3
"""Where a server's CPU went, by part of Sportello, from a perf recording with call graphs.

    perf script -i FILE -F comm,tid,ip,sym,dso | scripts/perf_breakdown.py

Each sample counts for one part: the first frame from the leaf up that names one of PARTS below
(the innermost part wins: an fsync under a commit under a booking batch is the disk's). Samples
naming none count as "other". Prints a Markdown table, largest share first, for BENCHMARKS.md;
then, when the frames name their libraries (dso), the booking path (BOOKING_PATH): its share of the
CPU in the table's heading, and its samples by the library they were in.
"""
import re
import sys

# (part, pattern of the frames that belong to it). Frames are matched from the leaf up, and for a
# frame matching several patterns the first listed wins.
PARTS = [
    ("waiting for work, switching threads (kernel scheduler, futex, epoll)",
     r"finish_task_switch|__schedule|futex_wait|epoll_wait"),
    ("disk: WAL writes and fsync (kernel)", r"__libc_pwrite|pwrite64|fdatasync|__fsync|\bfsync"),
    ("sockets: sending (kernel, including the loopback delivery to the client)",
     r"__libc_sendmsg|__libc_send\b|writev"),
    ("sockets: receiving (kernel)", r"__libc_recvmsg|__libc_recv\b|__libc_read\b"),
    ("booking: SQLite commit of a batch (beyond the disk)", r"sqlite::Transaction::Commit"),
    ("booking: the rule, its reads and inserts, in the batch",
     r"SqliteStore::BookBatch|PgStore::BookBatch|BookTogether"),
    ("booking: its request read and its answer made, around the batch", r"routes::CreateBooking"),
    ("availability: seats read and answer built, on a worker", r"routes::AnswerAvailability"),
    ("answers given on the I/O thread: routing, question, cache", r"http::RouteAtOnce"),
    ("other work on a worker (routing, other routes)", r"http::RouteLater"),
    ("access log and metrics", r"Session::RecordAnswer|AccessLog::"),
    ("answers written: Beast serializer, asio", r"Session::WriteNextAnswer|Session::WritePrepared|Session::OnWritten"),
    ("requests read: Beast parser, asio", r"Session::OnFirstBytes|Session::OnHeaderRead|Session::OnRequestRead|"
                                          r"Session::AwaitRequest|Session::ReadRequest|read_some_op"),
    ("hand-offs between threads (worker queue, strands, posts)",
     r"WorkerPool::|strand_executor_service|scheduler::post|Session::Dispatch|Session::OnAnswered"),
]
COMPILED = [(name, re.compile(pattern)) for name, pattern in PARTS]
# The parts a booking cannot skip: deciding it, writing it and making it durable.
BOOKING_PATH = ("booking: the rule, its reads and inserts, in the batch",
                "booking: SQLite commit of a batch (beyond the disk)", "disk: WAL writes and fsync (kernel)")
LIBRARIES = [("SQLite", r"libsqlite3"), ("the kernel (WAL writes, fsync, page cache)", r"\[kernel\."),
             ("the C library (memory copies, allocation)", r"/libc\.so"), ("Sportello", r"/sportello\)"),
             ("libsodium (sealing tokens)", r"libsodium")]


def part_of(frames):
    for frame in frames:  # leaf first
        for name, pattern in COMPILED:
            if pattern.search(frame):
                return name
    return "other"


def library_of(frame):
    for name, pattern in LIBRARIES:
        if re.search(pattern, frame):
            return name
    return "other libraries" if frame.endswith(")") else None


def main():
    counts = {}
    libraries = {}
    path_total = 0
    total = 0
    for sample in sys.stdin.read().split("\n\n"):
        lines = sample.strip().split("\n")
        if len(lines) < 2:
            continue
        frames = [line.strip().split(None, 1)[-1] for line in lines[1:]]
        total += 1
        part = part_of(frames)
        counts[part] = counts.get(part, 0) + 1
        # An inlined frame names no library: the first frame that does holds it.
        library = library_of(next((f for f in frames if not f.endswith("(inlined)")), frames[0]))
        if part in BOOKING_PATH and library is not None:
            path_total += 1
            libraries[library] = libraries.get(library, 0) + 1
    if total == 0:
        print("No samples.")
        return
    print(f"| part of the server ({total} samples) | share of its CPU |")
    print("|---|---|")
    for part, count in sorted(counts.items(), key=lambda item: -item[1]):
        print(f"| {part} | {100.0 * count / total:.1f}% |")
    if path_total == 0:
        return
    print()
    path_share = 100.0 * sum(counts.get(part, 0) for part in BOOKING_PATH) / total
    print(f"| the booking path (rule, commit, disk): {path_share:.1f}% of the CPU, {path_total} samples; by library "
          "| share of the path |")
    print("|---|---|")
    for library, count in sorted(libraries.items(), key=lambda item: -item[1]):
        print(f"| {library} | {100.0 * count / path_total:.1f}% |")


if __name__ == "__main__":
    main()
