namespace LlmObserve.Benchmarks;

/// <summary>The KEY=value file deploy/local/up.sh writes.</summary>
internal sealed record LocalEnv(Uri ApiUrl, string EnrollmentToken, string Postgres)
{
    public static LocalEnv Read(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new FileNotFoundException($"{file.FullName} does not exist: start the backend with deploy/local/up.sh first.");
        }

        var values = IngestApi.Cli.EnvFile.Read(file.FullName);
        return new LocalEnv(new Uri(values["LLMOBSERVE_API_URL"]), values["LLMOBSERVE_ENROLLMENT_TOKEN"], values["LLMOBSERVE_POSTGRES"]);
    }
}
