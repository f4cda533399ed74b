// Tests count the warden's own threads and file descriptors and reap its children; running test
// classes in parallel would make those counts meaningless, so the assembly runs them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
