/* A real data race, to prove that the ThreadSanitizer build reports one: if this ran
 * clean, the suppressions or the options would be hiding tttop's own races too. */
#include <pthread.h>
#include <stdio.h>

static long shared;

static void *bump(void *arg)
{
    (void)arg;
    for (int i = 0; i < 1000; i++)
        shared++;
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, bump, NULL);
    pthread_create(&b, NULL, bump, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("%ld\n", shared);
    return 0;
}
