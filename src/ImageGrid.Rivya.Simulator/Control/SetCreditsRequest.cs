using System.Text.Json.Serialization;

namespace ImageGrid.Rivya.Simulator.Control;

internal sealed record SetCreditsRequest([property: JsonRequired] long Credits);
