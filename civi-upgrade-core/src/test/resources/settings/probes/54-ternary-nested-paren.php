<?php
define('CIVICRM_UF', 'Drupal');
define('CIVICRM_DSN', CIVICRM_UF == 'Drupal' ? (getenv('X') ? 'mysql://x_u:s3cr3t@dbhost.example/x' : 'mysql://d_u:s3cr3t@dbhost.example/d?new_link=true') : 'mysql://o_u:s3cr3t@dbhost.example/o');
