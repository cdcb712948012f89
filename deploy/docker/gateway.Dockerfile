# gateway as a container image: the Quarkus fast-jar that `./multivector build` leaves in
# gateway/target/quarkus-app, on a JDK 21 runtime (JRE only). Nothing is compiled here.
# Build context: the repository root (deploy/docker-compose.yml sets it; the root .dockerignore lets
# only the four target/quarkus-app folders in), e.g.
#   docker build -f deploy/docker/gateway.Dockerfile -t multivector/gateway .
FROM eclipse-temurin:21-jre-noble

# A system user of its own; the application files stay root's, so the process cannot change them.
RUN groupadd --system --gid 10001 multivector \
 && useradd --system --uid 10001 --gid multivector --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin multivector

WORKDIR /deployments
# Least to most often changed, each its own layer: dependencies, the runner, our classes, Quarkus' generated code.
COPY gateway/target/quarkus-app/lib/ /deployments/lib/
COPY gateway/target/quarkus-app/quarkus-run.jar /deployments/
COPY gateway/target/quarkus-app/app/ /deployments/app/
COPY gateway/target/quarkus-app/quarkus/ /deployments/quarkus/

USER 10001:10001
EXPOSE 8080
# The JVM sizes its heap from the container's memory limit; override at run time as needed.
ENV JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError"

# Readiness over plain HTTP with bash's /dev/tcp (the image has bash, not curl or wget for sure).
HEALTHCHECK --interval=10s --timeout=5s --start-period=90s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /q/health/ready HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]

ENTRYPOINT ["java", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-jar", "/deployments/quarkus-run.jar"]
