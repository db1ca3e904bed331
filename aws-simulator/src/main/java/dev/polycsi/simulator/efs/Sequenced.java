package dev.polycsi.simulator.efs;

/** A resource's creation order, which listings follow and pagination tokens point into. */
interface Sequenced {

    long sequence();
}
