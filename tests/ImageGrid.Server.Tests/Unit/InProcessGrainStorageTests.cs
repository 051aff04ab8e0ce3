using ImageGrid.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace ImageGrid.Server.Tests.Unit;

/// <summary>The embedded default's storage keeps the ETag contract the grains rely on in every mode.</summary>
public sealed class InProcessGrainStorageTests
{
    private const string StateName = "tasks";
    private static readonly GrainId Record = GrainId.Create("test", "record-1");

    private static InProcessGrainStorage NewStorage()
    {
        var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        return new InProcessGrainStorage(services.GetRequiredService<DeepCopier>());
    }

    private static GrainState<List<string>> State(params string[] values) => new([.. values]);

    [Fact]
    public async Task A_written_record_reads_back_as_a_copy_with_its_ETag()
    {
        var storage = NewStorage();
        var written = State("a", "b");
        await storage.WriteStateAsync(StateName, Record, written);
        written.State!.Add("changed after the write");

        var read = State();
        await storage.ReadStateAsync(StateName, Record, read);

        Assert.True(read.RecordExists);
        Assert.Equal(["a", "b"], read.State);
        Assert.Equal(written.ETag, read.ETag);
    }

    [Fact]
    public async Task A_read_hands_out_its_own_copy()
    {
        var storage = NewStorage();
        await storage.WriteStateAsync(StateName, Record, State("a"));
        var first = State();
        await storage.ReadStateAsync(StateName, Record, first);
        first.State!.Add("changed after the read");

        var second = State();
        await storage.ReadStateAsync(StateName, Record, second);

        Assert.Equal(["a"], second.State);
        Assert.NotSame(first.State, second.State);
    }

    [Fact]
    public async Task A_record_never_written_reads_as_absent()
    {
        var read = State("left as it was");
        await NewStorage().ReadStateAsync(StateName, Record, read);

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
    }

    [Fact]
    public async Task A_create_over_an_existing_record_is_refused()
    {
        var storage = NewStorage();
        await storage.WriteStateAsync(StateName, Record, State("first"));

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, Record, State("second")));

        var read = State();
        await storage.ReadStateAsync(StateName, Record, read);
        Assert.Equal(["first"], read.State);
    }

    [Fact]
    public async Task A_write_over_a_record_changed_since_it_was_read_is_refused()
    {
        var storage = NewStorage();
        var first = State("v1");
        await storage.WriteStateAsync(StateName, Record, first);
        var stale = State();
        await storage.ReadStateAsync(StateName, Record, stale);

        first.State = ["v2"];
        await storage.WriteStateAsync(StateName, Record, first);
        stale.State = ["lost update"];

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, Record, stale));
        var read = State();
        await storage.ReadStateAsync(StateName, Record, read);
        Assert.Equal(["v2"], read.State);
    }

    [Fact]
    public async Task A_cleared_record_reads_as_absent_and_may_be_created_again()
    {
        var storage = NewStorage();
        var state = State("v1");
        await storage.WriteStateAsync(StateName, Record, state);
        await storage.ClearStateAsync(StateName, Record, state);

        var read = State();
        await storage.ReadStateAsync(StateName, Record, read);
        Assert.False(read.RecordExists);

        await storage.WriteStateAsync(StateName, Record, State("again"));
        await storage.ReadStateAsync(StateName, Record, read);
        Assert.Equal(["again"], read.State);
    }

    [Fact]
    public async Task Records_of_different_state_names_are_apart()
    {
        var storage = NewStorage();
        await storage.WriteStateAsync(StateName, Record, State("task"));
        await storage.WriteStateAsync("accounts", Record, State("account"));

        var read = State();
        await storage.ReadStateAsync(StateName, Record, read);
        Assert.Equal(["task"], read.State);
    }
}
