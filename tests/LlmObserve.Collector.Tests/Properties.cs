// Capture tests share one kernel: two collectors at once would each see the other's traffic.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
