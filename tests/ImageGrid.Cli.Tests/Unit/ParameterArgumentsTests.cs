using ImageGrid.Cli.Parameters;

namespace ImageGrid.Cli.Tests.Unit;

public sealed class ParameterArgumentsTests
{
    [Fact]
    public void Key_value_pairs_become_the_parameter_values_and_a_value_may_hold_equals_signs()
    {
        var values = ParameterArguments.Parse(["resolution=2K", "aspect_ratio = 16:9", "style=a=b"]);

        Assert.Equal(new Dictionary<string, string> { ["resolution"] = "2K", ["aspect_ratio"] = "16:9", ["style"] = "a=b" }, values);
    }

    [Theory]
    [InlineData("resolution")]
    [InlineData("=2K")]
    public void An_argument_without_a_key_is_bad_input(string argument)
    {
        var error = Assert.Throws<CliException>(() => ParameterArguments.Parse([argument]));

        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Contains($"got '{argument}'", error.Message);
    }

    [Fact]
    public void The_same_key_with_two_values_is_bad_input()
    {
        var error = Assert.Throws<CliException>(() => ParameterArguments.Parse(["resolution=1K", "resolution=2K"]));

        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
    }
}
