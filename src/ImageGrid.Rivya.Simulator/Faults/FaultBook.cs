using ImageGrid.Rivya.Simulator.Control;

namespace ImageGrid.Rivya.Simulator.Faults;

/// <summary>Armed faults, each consumed by the next matching requests until its count runs out; oldest first.</summary>
internal sealed class FaultBook
{
    private readonly Lock gate = new();
    private readonly List<ArmedFault> armed = [];
    private volatile bool empty = true;

    public void Add(FaultSpec fault)
    {
        lock (gate)
        {
            armed.Add(new ArmedFault(fault));
            empty = false;
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            armed.Clear();
            empty = true;
        }
    }

    /// <summary>Takes one use of the first armed fault that matches the request, if any.</summary>
    public FaultSpec? TryConsume(RivyaEndpoint endpoint, FaultTarget target)
    {
        if (empty)
        {
            return null;
        }

        lock (gate)
        {
            var index = armed.FindIndex(fault => fault.Matches(endpoint, target));
            if (index < 0)
            {
                return null;
            }

            var match = armed[index];
            if (--match.Remaining == 0)
            {
                armed.RemoveAt(index);
                empty = armed.Count == 0;
            }

            return match.Spec;
        }
    }

    private sealed class ArmedFault(FaultSpec spec)
    {
        public FaultSpec Spec { get; } = spec;

        public int Remaining { get; set; } = spec.Count;

        public bool Matches(RivyaEndpoint endpoint, FaultTarget target) =>
            Spec.Endpoint == endpoint
            && (Spec.PromptContains is null || (target.Prompt?.Contains(Spec.PromptContains, StringComparison.Ordinal) ?? false))
            && (Spec.TaskId is null || Spec.TaskId == target.TaskId);
    }
}
