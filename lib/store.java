// JBang bundle of the ftkit lib's store layer (SQLite, PostgreSQL). The store is part of the core layer now
// (export saves every dataset it writes), so this bundle is the core bundle under the store's name; scripts that
// use the store say so with `//SOURCES ../lib/store.java`. Rules: see core.java.
//SOURCES core.java

/** Marker class: the JBang directives above are the content of this file. */
final class StoreLayerBundle {
    private StoreLayerBundle() {}
}
