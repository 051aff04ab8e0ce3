namespace ImageGrid.Rivya.Simulator.Contract;

/// <summary>
/// What the Rivya v1 model page says about gpt-image-2 (part A of the contract), in one place so a correction is a one-line change.
/// </summary>
internal static class RivyaContract
{
    public const string ModelId = "gpt-image-2";

    public const int CreditsPerImage = 3;

    /// <summary>The page says "20000 characters"; the simulator counts Unicode scalar values (runes), not UTF-16 units.</summary>
    public const int MaxPromptCharacters = 20_000;

    public const int MaxReferenceImages = 16;

    public const string ImageKind = "image";

    public const long MaxImageFileBytes = 10 * 1024 * 1024;

    public const string DefaultAspectRatio = "1:1";

    public const string DefaultResolution = "1K";

    public static readonly IReadOnlyList<string> AspectRatios = ["auto", "1:1", "9:16", "16:9", "4:3", "3:4"];

    public static readonly IReadOnlyList<string> Resolutions = ["1K", "2K", "4K"];

    public static readonly IReadOnlyList<string> ImageMimeTypes = ["image/jpeg", "image/png", "image/webp"];

    public const string AspectRatioParam = "aspect_ratio";

    public const string ResolutionParam = "resolution";

    public const string ReferenceMediaItemsParam = "referenceMediaItems";

    public static readonly IReadOnlyList<string> ParamKeys = [AspectRatioParam, ResolutionParam, ReferenceMediaItemsParam];
}
