namespace ImageGrid.Rivya.Simulator.Control;

/// <summary>One key's credits: free to spend, held by unfinished tasks, and charged for succeeded tasks.</summary>
public sealed record CreditBalance(long Available, long Reserved, long Spent);
