namespace ImageGrid.Rivya.Budget;

/// <summary>What a request to Rivya is for, in the order the budget serves them: creates first, polls last.</summary>
public enum RivyaRequestKind
{
    Create = 0,
    Upload = 1,
    Poll = 2,
}
