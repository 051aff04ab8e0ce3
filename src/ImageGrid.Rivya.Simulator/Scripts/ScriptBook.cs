using System.Collections.Immutable;

namespace ImageGrid.Rivya.Simulator.Scripts;

/// <summary>Scripts in the order they were added; the first whose text the prompt contains applies.</summary>
internal sealed class ScriptBook
{
    private ImmutableArray<TaskScriptSpec> scripts = [];

    public void Add(TaskScriptSpec script) => ImmutableInterlocked.Update(ref scripts, list => list.Add(script));

    public void Clear() => ImmutableInterlocked.InterlockedExchange(ref scripts, []);

    public TaskScriptSpec? Match(string prompt)
    {
        foreach (var script in scripts)
        {
            if (prompt.Contains(script.PromptContains, StringComparison.Ordinal))
            {
                return script;
            }
        }

        return null;
    }
}
