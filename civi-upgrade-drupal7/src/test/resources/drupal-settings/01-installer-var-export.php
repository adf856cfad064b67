<?php
# expect: read
$databases = array (
  'default' =>
  array (
    'default' =>
    array (
      'database' => 'orchard',
      'username' => 'orch',
      'password' => 'q\'r"$s\\t',
      'host' => 'localhost',
      'port' => '',
      'driver' => 'mysql',
      'prefix' => '',
    ),
  ),
);
$update_free_access = FALSE;
$drupal_hash_salt = 'pepper';
ini_set('session.gc_probability', 1);
