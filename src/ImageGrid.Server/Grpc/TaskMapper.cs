using Google.Protobuf.WellKnownTypes;
using ImageGrid.Contracts.V1;
using ImageGrid.Grains;

namespace ImageGrid.Server.Grpc;

/// <summary>Maps grain snapshots to the public contract.</summary>
public static class TaskMapper
{
    public static ImageTask ToProto(TaskSnapshot snapshot)
    {
        var progress = snapshot.Progress;
        var request = snapshot.Request;
        var task = new ImageTask
        {
            Id = snapshot.TaskId,
            RivyaTaskId = progress.RivyaTaskId,
            Status = ToProto(progress.Status),
            Model = request.Model,
            Prompt = request.Prompt,
            Params = new ImageParams
            {
                AspectRatio = request.GetParameter("aspect_ratio") ?? "",
                Resolution = request.GetParameter("resolution") ?? "",
                Values = { request.Parameters },
                References =
                {
                    request.References.Select(r => new ReferenceImage { Url = r.Url, Name = r.Name, MimeType = r.MimeType, Kind = r.Kind }),
                },
            },
            ClientRequestId = request.ClientRequestId,
            ReservedCredits = progress.ReservedCredits,
            FinalCredits = progress.FinalCredits,
            CreatedAt = Timestamp.FromDateTimeOffset(snapshot.CreatedAt),
            UpdatedAt = Timestamp.FromDateTimeOffset(progress.UpdatedAt),
            Version = progress.Version,
            Images =
            {
                progress.Images.Select(i => new GeneratedImage { Url = i.Url, Width = i.Width, Height = i.Height, MimeType = i.MimeType }),
            },
        };
        if (progress.Error is { } error)
        {
            task.Error = new TaskError { Code = error.Code, Message = error.Message };
        }

        return task;
    }

    public static TaskUpdate ToUpdate(TaskSnapshot snapshot) => new()
    {
        Task = ToProto(snapshot),
        PreviousStatus = ToProto(snapshot.PreviousStatus),
    };

    public static Contracts.V1.TaskStatus ToProto(ImageTaskStatus status) => status switch
    {
        ImageTaskStatus.Submitting => Contracts.V1.TaskStatus.Submitting,
        ImageTaskStatus.Queued => Contracts.V1.TaskStatus.Queued,
        ImageTaskStatus.Running => Contracts.V1.TaskStatus.Running,
        ImageTaskStatus.Succeeded => Contracts.V1.TaskStatus.Succeeded,
        ImageTaskStatus.Failed => Contracts.V1.TaskStatus.Failed,
        _ => Contracts.V1.TaskStatus.Unspecified,
    };
}
