using ImageGrid.Grains.References;

namespace ImageGrid.Grains.TaskIndex;

/// <summary>The images of succeeded tasks become reference URLs their account may pass on (image-to-image).</summary>
internal static class ResultUrlGrants
{
    public static Task GrantAsync(IGrainFactory grains, IEnumerable<TaskSnapshot> snapshots) =>
        Task.WhenAll(snapshots
            .Where(snapshot => snapshot.Status == ImageTaskStatus.Succeeded)
            .SelectMany(snapshot => snapshot.Progress.Images.Select(image =>
                grains.GetGrain<IReferenceUrlGrain>(ReferenceUrlKey.For(snapshot.AccountId, image.Url))
                    .GrantAsync(new ReferenceUrlGrant { Url = image.Url, Source = snapshot.TaskId }))));
}
