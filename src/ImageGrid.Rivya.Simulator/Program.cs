using ImageGrid.Rivya.Simulator;

var app = RivyaSimulator.Build(args);
app.Run();
