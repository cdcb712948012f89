package io.multivector.subscriber;

import io.multivector.events.catalogue.EventRetracted;
import io.multivector.subscriber.Delivery.ReceivedEvent;
import io.multivector.subscriber.Delivery.UnreadableRecord;

/**
 * Prints every event of the topics, one line each, as the subscriber receives them; Ctrl-C stops it after committing
 * what it printed, and the next start with the same group goes on from there. Settings:
 * {@link SubscriberSettings#fromEnvironment}.
 */
public final class SubscriberMain {

    private SubscriberMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        SubscriberSettings settings = SubscriberSettings.fromEnvironment(System.getenv());
        EventSubscriber subscriber = new EventSubscriber(settings, SubscriberMain::print);
        Thread reader = Thread.ofPlatform().name("subscriber").start(subscriber);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            subscriber.close();
            try {
                reader.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        System.err.printf("subscribed to %s on %s as group %s%n", settings.topics(), settings.bootstrapServers(), settings.groupId());
        reader.join();
    }

    private static void print(Delivery delivery) {
        switch (delivery) {
            case ReceivedEvent e when e.event().data() instanceof EventRetracted r -> System.out.printf("%s #%d %s retracts %s%n",
                    e.stream(), e.event().streamVersion(), e.event().id(), r.eventId());
            case ReceivedEvent e -> System.out.printf("%s #%d %s %s occurred %s%n",
                    e.stream(), e.event().streamVersion(), e.event().id(), e.event().type().typeName(), e.event().data().occurredOn());
            case UnreadableRecord u -> System.err.printf("%s-%d@%d (%s) skipped: %s%n", u.topic(), u.partition(), u.offset(), u.stream(), u.reason());
        }
    }
}
