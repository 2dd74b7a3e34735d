/**
 * The condition language that rule files share (the router's routes, payments-risk's weighted
 * rules): {@link dev.sluice.rules.Condition} over named fields, parsed by {@link
 * dev.sluice.rules.Conditions}. Depends on nothing but events and Jackson, so any pipeline may use
 * it.
 */
package dev.sluice.rules;
