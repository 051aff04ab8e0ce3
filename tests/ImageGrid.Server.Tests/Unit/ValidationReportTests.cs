using System.Text;
using ImageGrid.Catalog;
using ImageGrid.Server.Grpc;

namespace ImageGrid.Server.Tests.Unit;

public sealed class ValidationReportTests
{
    [Fact]
    public void An_ordinary_bad_request_is_reported_whole()
    {
        var (message, detail) = ViolationReport.Build(
        [
            new FieldViolation("prompt", "is required"),
            new FieldViolation("params.resolution", "must be one of 1K, 2K, 4K (got \"8K\")"),
        ]);

        Assert.Equal("Invalid request: prompt: is required; params.resolution: must be one of 1K, 2K, 4K (got \"8K\")", message);
        Assert.Equal(
            [("prompt", "is required"), ("params.resolution", "must be one of 1K, 2K, 4K (got \"8K\")")],
            detail.FieldViolations.Select(v => (v.Field, v.Description)));
    }

    [Fact]
    public void Thousands_of_violations_are_counted_and_the_first_ones_listed_within_the_budget()
    {
        var violations = Enumerable.Range(0, 5000).Select(i => new FieldViolation($"params.k{i:D4}", new string('d', 100))).ToList();

        var (message, detail) = ViolationReport.Build(violations);

        var listed = detail.FieldViolations.Count;
        Assert.Equal(violations.Take(listed).Select(v => v.Field), detail.FieldViolations.Select(v => v.Field));
        Assert.InRange(detail.FieldViolations.Sum(v => Encoding.UTF8.GetByteCount(v.Field) + Encoding.UTF8.GetByteCount(v.Description)), 1, ViolationReport.MaxDetailBytes);
        var suffix = $"; … 5000 problems in all: the google.rpc.BadRequest detail lists the first {listed}; fix them and call again to see the rest";
        Assert.EndsWith(suffix, message);
        Assert.InRange(message.Length - suffix.Length, 1, ViolationReport.MaxMessageCharacters);
    }

    [Fact]
    public void When_only_the_message_is_full_it_says_the_detail_lists_every_one()
    {
        var violations = Enumerable.Range(0, 8).Select(i => new FieldViolation($"params.references[{i}].url", new string('d', 90))).ToList();

        var (message, detail) = ViolationReport.Build(violations);

        Assert.Equal(8, detail.FieldViolations.Count);
        Assert.EndsWith("; … 8 problems in all, every one listed in the google.rpc.BadRequest detail", message);
        Assert.StartsWith($"Invalid request: params.references[0].url: {new string('d', 90)}; params.references[1].url: ", message);
    }

    [Fact]
    public void An_overlong_field_or_description_is_cut_with_an_ellipsis_between_whole_scalar_values()
    {
        var field = "params." + string.Concat(Enumerable.Repeat("👍", 300));
        var description = string.Concat(Enumerable.Repeat("অ", 1000));

        var (_, detail) = ViolationReport.Build([new FieldViolation(field, description)]);

        var entry = Assert.Single(detail.FieldViolations);
        Assert.Equal("params." + string.Concat(Enumerable.Repeat("👍", 120)) + "…", entry.Field);
        Assert.Equal(string.Concat(Enumerable.Repeat("অ", 399)) + "…", entry.Description);
    }
}
