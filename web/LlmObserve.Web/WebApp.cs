using LlmObserve.Web.Extensions;

namespace LlmObserve.Web;

/// <summary>The console, built the same way for `serve`, for the browser tests and for benchmarks.</summary>
public static class WebApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(WebApp).Assembly.GetName().Name, // static assets are found by this name, also when hosted by tests
            // wwwroot is published next to the assembly: serve it from there whatever the working directory
            // (in Development, static web assets map to the project's wwwroot instead).
            ContentRootPath = args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase)) ? null : AppContext.BaseDirectory,
        });
        builder.AddConsoleServices();
        var app = builder.Build();
        app.MapConsole();
        return app;
    }
}
