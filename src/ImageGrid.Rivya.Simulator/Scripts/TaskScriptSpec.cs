using System.Text.Json.Serialization;

namespace ImageGrid.Rivya.Simulator.Scripts;

/// <summary>
/// How tasks whose prompt contains <paramref name="PromptContains"/> behave: their outcome, their phase durations
/// (null keeps the configured ones), or a rejection of the create itself (<paramref name="RejectWith"/>), which creates nothing.
/// </summary>
public sealed record TaskScriptSpec(
    [property: JsonRequired] string PromptContains,
    ScriptOutcome Outcome = ScriptOutcome.Succeeded,
    string? ErrorCode = null,
    string? ErrorMessage = null,
    int? QueuedMs = null,
    int? RunningMs = null,
    bool SkipRunning = false,
    TaskRejection? RejectWith = null);
